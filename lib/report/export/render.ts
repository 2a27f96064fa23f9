import * as vega from "vega";
import * as vl from "vega-lite";

/**
 * Renders a vega-lite spec to SVG text in Node (no browser, no network): vega-lite compiles to a
 * vega spec, vega renders it headless.
 *
 * @example
 * await toSvg({ data: { values: [{ a: "x", b: 1 }] }, mark: "bar", encoding: { x: { field: "a" }, y: { field: "b", type: "quantitative" } } })
 * // → '<svg xmlns="http://www.w3.org/2000/svg" …'
 */
export async function toSvg(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
