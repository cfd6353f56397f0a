/** Connector icon: a hook with an arrow into it, on a teal tile (our own drawing). */
export const icon = `<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18">
  <rect width="18" height="18" rx="3" fill="#0E7C7B"/>
  <path d="M9 3v6.5a2.5 2.5 0 1 1-5 0" fill="none" stroke="#FFFFFF" stroke-width="1.6" stroke-linecap="round"/>
  <path d="M11 9h4M13.2 7l1.8 2-1.8 2" fill="none" stroke="#FFFFFF" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;
