package io.camunda.connectors.tools.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.camunda.connectors.tools.engine.ProcessDefinitionIndex.Definition;
import io.camunda.connectors.tools.engine.ProcessDefinitionIndex.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process-definition endpoints of Camunda's Orchestration Cluster REST API v2 that a connector
 * runtime uses for inbound discovery, served from {@link ProcessDefinitionIndex}, in Camunda's
 * request and response shapes:
 *
 * <ul>
 *   <li>{@code POST /v2/process-definitions/search}: filter, sort, offset and cursor paging;
 *   <li>{@code GET /v2/process-definitions/{key}}: one definition;
 *   <li>{@code GET /v2/process-definitions/{key}/xml}: its BPMN XML ({@code text/xml}).
 * </ul>
 *
 * <p>Errors are RFC 9457 problem details ({@code application/problem+json}, fields {@code type,
 * title, status, detail, instance}). Any other {@code /v2/...} path answers 404: nothing else of
 * the REST API is served, and there is no authentication.
 */
final class ProcessDefinitionsApi implements HttpHandler {

  static final String BASE = "/v2/process-definitions";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ONE = Pattern.compile("^/([^/]+)(/xml)?/?$");
  private static final Pattern LONG_KEY = Pattern.compile("^-?[0-9]{1,19}$");
  private static final int DEFAULT_LIMIT = 100;

  private final ProcessDefinitionIndex index;

  ProcessDefinitionsApi(final ProcessDefinitionIndex index) {
    this.index = index;
  }

  void register(final HttpServer http) {
    http.createContext(BASE, this);
    http.createContext(
        "/v2/",
        ex ->
            respond(
                ex,
                () -> {
                  throw Problem.notFound(
                      "The local engine serves only POST "
                          + BASE
                          + "/search, GET "
                          + BASE
                          + "/{key} and GET "
                          + BASE
                          + "/{key}/xml of the REST API");
                }));
  }

  @Override
  public void handle(final HttpExchange ex) throws IOException {
    respond(ex, () -> route(ex));
  }

  private Response route(final HttpExchange ex) throws IOException {
    final String rest = ex.getRequestURI().getPath().substring(BASE.length());
    if ("/search".equals(rest) || "/search/".equals(rest)) {
      requireMethod(ex, "POST");
      return search(readBody(ex));
    }
    final Matcher m = ONE.matcher(rest);
    if (!m.matches() || "search".equals(m.group(1))) {
      throw Problem.notFound("No endpoint " + ex.getRequestURI().getPath());
    }
    requireMethod(ex, "GET");
    final long key = parseKey(m.group(1));
    final Optional<Definition> found = index.get(key);
    if (found.isEmpty()) {
      throw Problem.notFound("Process definition with key '" + key + "' not found");
    }
    final Definition d = found.get();
    return m.group(2) != null
        ? new Response(200, "text/xml;charset=UTF-8", d.resource())
        : Response.json(200, item(d));
  }

  // -------------------------------------------------------------------------------------------
  // search

  private Response search(final byte[] body) {
    final Query q = Query.parse(body);
    final List<Definition> matching = new ArrayList<>();
    for (final Entry e : index.entries()) {
      if ((!q.latestOnly || e.latest()) && q.filter.test(e.definition())) {
        matching.add(e.definition());
      }
    }
    matching.sort(q.order);

    final List<Definition> page;
    if (q.after != null) {
      page = matching.stream().filter(d -> q.compare(d, q.after) > 0).limit(q.limit).toList();
    } else if (q.before != null && !q.latestOnly) {
      final List<Definition> earlier =
          matching.stream().filter(d -> q.compare(d, q.before) < 0).toList();
      page = earlier.subList(Math.max(0, earlier.size() - q.limit), earlier.size());
    } else {
      final int from = q.latestOnly ? 0 : Math.min(q.from, matching.size());
      page = matching.subList(from, Math.min(matching.size(), from + q.limit));
    }

    final ObjectNode out = JSON.createObjectNode();
    final ArrayNode items = out.putArray("items");
    page.forEach(d -> items.add(item(d)));
    final ObjectNode p = out.putObject("page");
    p.put("totalItems", matching.size());
    p.put("hasMoreTotalItems", false);
    if (!page.isEmpty()) {
      // With isLatestVersion Camunda pages forward only: no startCursor (see the API's schema).
      if (!q.latestOnly) {
        p.put("startCursor", q.cursorOf(page.get(0)));
      }
      p.put("endCursor", q.cursorOf(page.get(page.size() - 1)));
    }
    return Response.json(200, out);
  }

  /** One item: optional fields are left out, never null. Field order as in Camunda's schema. */
  private static ObjectNode item(final Definition d) {
    final ObjectNode n = JSON.createObjectNode();
    if (d.name() != null) {
      n.put("name", d.name());
    }
    n.put("resourceName", d.resourceName());
    n.put("version", d.version());
    if (d.versionTag() != null) {
      n.put("versionTag", d.versionTag());
    }
    n.put("processDefinitionId", d.processDefinitionId());
    n.put("tenantId", d.tenantId());
    n.put("processDefinitionKey", Long.toString(d.key()));
    n.put("hasStartForm", d.hasStartForm());
    return n;
  }

  /** Sortable fields of {@code ProcessDefinitionSearchQuerySortRequest}; values are Long or String. */
  private enum SortField {
    processDefinitionKey(Definition::key),
    name(Definition::name),
    resourceName(Definition::resourceName),
    version(d -> (long) d.version()),
    versionTag(Definition::versionTag),
    processDefinitionId(Definition::processDefinitionId),
    tenantId(Definition::tenantId);

    final Function<Definition, Object> value;

    SortField(final Function<Definition, Object> value) {
      this.value = value;
    }

    boolean numeric() {
      return this == processDefinitionKey || this == version;
    }
  }

  private record Sort(SortField field, boolean descending) {}

  /** A parsed search request. */
  private static final class Query {
    Predicate<Definition> filter = d -> true;
    boolean latestOnly;
    /** The requested sort, then processDefinitionKey ascending as the tie-breaker. */
    final List<Sort> sorts = new ArrayList<>();
    Comparator<Definition> order;
    int limit = DEFAULT_LIMIT;
    int from;
    Object[] after;
    Object[] before;

    static Query parse(final byte[] body) {
      final JsonNode root;
      try {
        root =
            body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()
                ? JSON.createObjectNode()
                : JSON.readTree(body);
      } catch (final IOException e) {
        throw new BadRequest("Failed to read request: " + firstLine(e));
      }
      if (root == null || !root.isObject()) {
        throw new BadRequest("Failed to read request: the body must be a JSON object");
      }
      final Query q = new Query();
      q.parseSort(root.get("sort"));
      q.parseFilter(root.get("filter"));
      q.parsePage(root.get("page"));
      return q;
    }

    private void parseSort(final JsonNode sort) {
      if (isAbsent(sort)) {
        // default below
      } else if (!sort.isArray()) {
        throw new BadRequest("Failed to read request: 'sort' must be an array");
      } else {
        for (final JsonNode s : sort) {
          final String field = text(s.get("field"), "sort[].field");
          final SortField f;
          try {
            f = SortField.valueOf(field);
          } catch (final IllegalArgumentException e) {
            throw new BadRequest("Unknown sortBy: " + field + ".", true);
          }
          final JsonNode order = s.get("order");
          final String o = isAbsent(order) ? "ASC" : text(order, "sort[].order").toUpperCase(Locale.ROOT);
          if (!o.equals("ASC") && !o.equals("DESC")) {
            throw new BadRequest("Unknown sortOrder: " + order.asText() + ".", true);
          }
          sorts.add(new Sort(f, o.equals("DESC")));
        }
      }
      sorts.add(new Sort(SortField.processDefinitionKey, false));
      order = (a, b) -> compare(a, tuple(b));
    }

    private void parsePage(final JsonNode page) {
      if (isAbsent(page)) {
        return;
      }
      if (!page.isObject()) {
        throw new BadRequest("Failed to read request: 'page' must be an object");
      }
      if (!isAbsent(page.get("limit"))) {
        limit = integer(page.get("limit"), "page.limit");
        if (limit < 1) {
          throw new BadRequest("The value for page.limit is '" + limit + "' but must be at least 1.", true);
        }
      }
      if (!isAbsent(page.get("from"))) {
        from = integer(page.get("from"), "page.from");
        if (from < 0) {
          throw new BadRequest("The value for page.from is '" + from + "' but must be 0 or more.", true);
        }
      }
      final boolean hasAfter = !isAbsent(page.get("after"));
      final boolean hasBefore = !isAbsent(page.get("before"));
      if (hasAfter && hasBefore) {
        throw new BadRequest("Both after and before cannot be set at the same time.", true);
      }
      if (hasAfter) {
        after = decodeCursor(text(page.get("after"), "page.after"));
      }
      if (hasBefore) {
        before = decodeCursor(text(page.get("before"), "page.before"));
      }
    }

    private void parseFilter(final JsonNode filter) {
      if (isAbsent(filter)) {
        return;
      }
      if (!filter.isObject()) {
        throw new BadRequest("Failed to read request: 'filter' must be an object");
      }
      final List<Predicate<Definition>> all = new ArrayList<>();
      final JsonNode latest = filter.get("isLatestVersion");
      if (!isAbsent(latest)) {
        if (!latest.isBoolean()) {
          throw new BadRequest("Failed to read request: 'filter.isLatestVersion' must be a boolean");
        }
        latestOnly = latest.booleanValue(); // false: every version, as Camunda does
      }
      final JsonNode key = filter.get("processDefinitionKey");
      if (!isAbsent(key)) {
        final String k = key.isIntegralNumber() ? key.asText() : text(key, "filter.processDefinitionKey");
        final long wanted = parseKey(k);
        all.add(d -> d.key() == wanted);
      }
      final JsonNode version = filter.get("version");
      if (!isAbsent(version)) {
        final int wanted = integer(version, "filter.version");
        all.add(d -> d.version() == wanted);
      }
      final JsonNode hasStartForm = filter.get("hasStartForm");
      if (!isAbsent(hasStartForm)) {
        if (!hasStartForm.isBoolean()) {
          throw new BadRequest("Failed to read request: 'filter.hasStartForm' must be a boolean");
        }
        all.add(d -> d.hasStartForm() == hasStartForm.booleanValue());
      }
      exact(filter, "tenantId", Definition::tenantId, all);
      exact(filter, "resourceName", Definition::resourceName, all);
      exact(filter, "versionTag", Definition::versionTag, all);
      advanced(filter, "processDefinitionId", Definition::processDefinitionId, all);
      advanced(filter, "name", Definition::name, all);
      this.filter = d -> all.stream().allMatch(p -> p.test(d));
    }

    private static void exact(
        final JsonNode filter,
        final String field,
        final Function<Definition, String> value,
        final List<Predicate<Definition>> all) {
      final JsonNode n = filter.get(field);
      if (!isAbsent(n)) {
        final String wanted = text(n, "filter." + field);
        all.add(d -> wanted.equals(value.apply(d)));
      }
    }

    /** A string, or an advanced string filter: $eq, $neq, $exists, $in, $notIn, $like. */
    private static void advanced(
        final JsonNode filter,
        final String field,
        final Function<Definition, String> value,
        final List<Predicate<Definition>> all) {
      final JsonNode n = filter.get(field);
      final String where = "filter." + field;
      if (isAbsent(n)) {
        return;
      }
      if (n.isTextual()) {
        all.add(d -> n.textValue().equals(value.apply(d)));
        return;
      }
      if (!n.isObject()) {
        throw new BadRequest("Failed to read request: '" + where + "' must be a string or an object");
      }
      for (final var op : n.properties()) {
        final JsonNode arg = op.getValue();
        final String at = where + "." + op.getKey();
        switch (op.getKey()) {
          case "$eq" -> {
            final String v = text(arg, at);
            all.add(d -> v.equals(value.apply(d)));
          }
          case "$neq" -> {
            final String v = text(arg, at);
            all.add(d -> !v.equals(value.apply(d)));
          }
          case "$exists" -> {
            if (!arg.isBoolean()) {
              throw new BadRequest("Failed to read request: '" + at + "' must be a boolean");
            }
            all.add(d -> (value.apply(d) != null) == arg.booleanValue());
          }
          case "$in" -> {
            final Set<String> vs = strings(arg, at);
            all.add(d -> vs.contains(value.apply(d)));
          }
          case "$notIn" -> {
            final Set<String> vs = strings(arg, at);
            all.add(d -> !vs.contains(value.apply(d)));
          }
          case "$like" -> {
            final Pattern p = like(text(arg, at));
            all.add(d -> value.apply(d) != null && p.matcher(value.apply(d)).matches());
          }
          default ->
              throw new BadRequest("Failed to read request: unknown operator '" + at + "'");
        }
      }
    }

    /** {@code $like}: {@code *} any characters, {@code ?} one character, {@code \} escapes. */
    private static Pattern like(final String like) {
      final StringBuilder re = new StringBuilder();
      for (int i = 0; i < like.length(); i++) {
        final char c = like.charAt(i);
        if (c == '\\' && i + 1 < like.length()) {
          re.append(Pattern.quote(String.valueOf(like.charAt(++i))));
        } else if (c == '*') {
          re.append(".*");
        } else if (c == '?') {
          re.append('.');
        } else {
          re.append(Pattern.quote(String.valueOf(c)));
        }
      }
      return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    // --- cursors: base64 of the JSON array of the last item's sort values (opaque to callers)

    private Object[] tuple(final Definition d) {
      final Object[] t = new Object[sorts.size()];
      for (int i = 0; i < t.length; i++) {
        t[i] = sorts.get(i).field().value.apply(d);
      }
      return t;
    }

    String cursorOf(final Definition d) {
      final ArrayNode a = JSON.createArrayNode();
      for (final Object v : tuple(d)) {
        if (v == null) {
          a.addNull();
        } else if (v instanceof final Long l) {
          a.add(l);
        } else {
          a.add((String) v);
        }
      }
      return Base64.getEncoder().encodeToString(a.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Object[] decodeCursor(final String cursor) {
      final JsonNode a;
      try {
        a = JSON.readTree(Base64.getDecoder().decode(cursor));
      } catch (final IllegalArgumentException | IOException e) {
        throw invalidCursor(cursor);
      }
      if (a == null || !a.isArray() || a.size() != sorts.size()) {
        throw invalidCursor(cursor);
      }
      final Object[] t = new Object[a.size()];
      for (int i = 0; i < t.length; i++) {
        final JsonNode v = a.get(i);
        final boolean numeric = sorts.get(i).field().numeric();
        if (v.isNull() && !numeric) {
          t[i] = null;
        } else if (numeric && v.isIntegralNumber() && v.canConvertToLong()) {
          t[i] = v.longValue();
        } else if (!numeric && v.isTextual()) {
          t[i] = v.textValue();
        } else {
          throw invalidCursor(cursor);
        }
      }
      return t;
    }

    private static BadRequest invalidCursor(final String cursor) {
      return new BadRequest(
          "The cursor '" + cursor + "' is not valid for this query (its sort differs, or it was not returned by this API).",
          true);
    }

    /**
     * Compares an item with another item's sort values (a cursor's): by each sort field in turn,
     * nulls last in ascending order.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    int compare(final Definition d, final Object[] other) {
      for (int i = 0; i < sorts.size(); i++) {
        final Sort s = sorts.get(i);
        final Object a = s.field().value.apply(d);
        final Object b = other[i];
        int c;
        if (a == null || b == null) {
          c = a == b ? 0 : a == null ? 1 : -1;
        } else {
          c = ((Comparable) a).compareTo(b);
        }
        if (c != 0) {
          return s.descending() ? -c : c;
        }
      }
      return 0;
    }
  }

  // -------------------------------------------------------------------------------------------
  // request helpers

  private static boolean isAbsent(final JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode();
  }

  private static String text(final JsonNode n, final String where) {
    if (n == null || !n.isTextual()) {
      throw new BadRequest("Failed to read request: '" + where + "' must be a string");
    }
    return n.textValue();
  }

  private static int integer(final JsonNode n, final String where) {
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new BadRequest("Failed to read request: '" + where + "' must be an integer");
    }
    return n.intValue();
  }

  private static Set<String> strings(final JsonNode n, final String where) {
    if (!n.isArray()) {
      throw new BadRequest("Failed to read request: '" + where + "' must be an array of strings");
    }
    final Set<String> out = new HashSet<>();
    for (final JsonNode v : n) {
      out.add(text(v, where + "[]"));
    }
    return out;
  }

  private static long parseKey(final String key) {
    if (LONG_KEY.matcher(key).matches()) {
      try {
        return Long.parseLong(key);
      } catch (final NumberFormatException e) {
        // too large: below
      }
    }
    throw new BadRequest("Failed to convert 'processDefinitionKey' with value: '" + key + "'");
  }

  private static String firstLine(final Exception e) {
    final String m = e instanceof final JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  private static void requireMethod(final HttpExchange ex, final String method) {
    if (!method.equals(ex.getRequestMethod())) {
      throw new Problem(
          405, "Method Not Allowed", "Request method '" + ex.getRequestMethod() + "' is not supported");
    }
  }

  private static byte[] readBody(final HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  // -------------------------------------------------------------------------------------------
  // responses

  private record Response(int status, String contentType, byte[] body) {
    static Response json(final int status, final JsonNode body) {
      return new Response(status, "application/json", bytes(body));
    }
  }

  private static byte[] bytes(final JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (final JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An error answer, sent as Camunda's problem detail {@code {type, title, status, detail,
   * instance}} with the request path as {@code instance}.
   */
  private static class Problem extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;
    final int status;
    final String title;

    Problem(final int status, final String title, final String detail) {
      super(detail, null, false, false);
      this.status = status;
      this.title = title;
    }

    static Problem notFound(final String detail) {
      return new Problem(404, "NOT_FOUND", detail);
    }

    Response toResponse(final String instance) {
      final ObjectNode n = JSON.createObjectNode();
      n.put("type", "about:blank");
      n.put("title", title);
      n.put("status", status);
      n.put("detail", getMessage());
      n.put("instance", instance);
      return new Response(status, "application/problem+json", bytes(n));
    }
  }

  /** A 400: a body that cannot be bound ("Bad Request") or a rejected value (INVALID_ARGUMENT). */
  private static final class BadRequest extends Problem {
    @Serial private static final long serialVersionUID = 1L;

    BadRequest(final String detail) {
      this(detail, false);
    }

    BadRequest(final String detail, final boolean invalidArgument) {
      super(400, invalidArgument ? "INVALID_ARGUMENT" : "Bad Request", detail);
    }
  }

  @FunctionalInterface
  private interface Handler {
    Response handle() throws IOException;
  }

  private static void respond(final HttpExchange ex, final Handler handler) throws IOException {
    final String instance = ex.getRequestURI().getPath();
    Response r;
    try {
      r = handler.handle();
    } catch (final Problem p) {
      if (p.status == 405) {
        ex.getResponseHeaders().set("Allow", allowedFor(instance));
      }
      r = p.toResponse(instance);
    } catch (final RuntimeException e) {
      System.err.println("LocalZeebe: " + ex.getRequestMethod() + " " + instance + " failed: " + e);
      r = new Problem(500, "INTERNAL_ERROR", String.valueOf(e)).toResponse(instance);
    }
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", r.contentType());
      ex.sendResponseHeaders(r.status(), r.body().length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(r.body());
      }
    }
  }

  private static String allowedFor(final String path) {
    return path.startsWith(BASE + "/search") ? "POST" : "GET";
  }
}
