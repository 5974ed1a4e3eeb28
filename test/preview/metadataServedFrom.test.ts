/** Preview help URLs follow the origin that serves the preview (parseFunctionsMetadata servedFrom). */
import { parseFunctionsMetadata } from "../../src/preview/engine/metadata";

const json = {
  functions: [
    { id: "A", name: "A", helpUrl: "https://pivotlens.example.com/help.html#A" },
    { id: "B", name: "B", helpUrl: "https://pivotlens.example.com/help.html?x=1#B" },
    { id: "C", name: "C" },
    { id: "D", name: "D", helpUrl: "mailto:help@example.com" },
  ],
};

describe("parseFunctionsMetadata servedFrom", () => {
  test("without it, help URLs are kept as written", () => {
    const m = parseFunctionsMetadata(json);
    expect(m.functions.map((f) => f.helpUrl)).toEqual([
      "https://pivotlens.example.com/help.html#A",
      "https://pivotlens.example.com/help.html?x=1#B",
      undefined,
      "mailto:help@example.com",
    ]);
  });

  test("with it, http(s) help URLs take the serving origin and keep path, query and fragment", () => {
    const m = parseFunctionsMetadata(json, { servedFrom: "https://localhost:3001" });
    expect(m.functions.map((f) => f.helpUrl)).toEqual([
      "https://localhost:3001/help.html#A",
      "https://localhost:3001/help.html?x=1#B",
      undefined,
      "mailto:help@example.com",
    ]);
  });

  test("a full URL as servedFrom counts by its origin only", () => {
    const m = parseFunctionsMetadata(json, { servedFrom: "http://127.0.0.1:8080/preview/index.html" });
    expect(m.functions[0]?.helpUrl).toBe("http://127.0.0.1:8080/help.html#A");
  });

  test("a servedFrom that is not an http(s) origin is an error naming it", () => {
    expect(() => parseFunctionsMetadata(json, { servedFrom: "file:///tmp" })).toThrow(
      /servedFrom must be an http\(s\) origin/,
    );
    expect(() => parseFunctionsMetadata(json, { servedFrom: "not a url" })).toThrow(/servedFrom/);
  });
});
