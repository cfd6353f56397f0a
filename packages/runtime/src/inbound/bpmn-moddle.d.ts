// bpmn-moddle ships types only under its `./types` subpath; its main export is untyped.
declare module 'bpmn-moddle' {
  interface ModdleElement {
    $type: string;
    id?: string;
    [key: string]: unknown;
  }
  interface FromXmlResult {
    rootElement: ModdleElement;
    warnings: { message: string }[];
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, type?: string): Promise<FromXmlResult>;
  }
}
