/** Workbook names and charts (with their series) in the fake Excel API. */
import { isCodedError, WorkbookError } from "./errors";
import { Range, type RequestContext, type Worksheet } from "./api";
import { accessors, ClientObject, Collection, ErrorCodes, type PropDef } from "./proxy";
import type { ChartModel, NameModel } from "./workbook";

// ---------------- names ----------------

export class NamedItemCollection extends Collection<NameModel, NamedItem> {
  constructor(context: RequestContext) {
    super(context, () => context.model.names.slice(), "names", false);
  }
  protected wrap(n: NameModel): NamedItem {
    return new NamedItem(this.context, () => n, "names.items", false);
  }
  add(name: string, reference: Range | string, comment?: string): NamedItem {
    return new NamedItem(
      this.context,
      () => this.context.model.addName(name, typeof reference === "string" ? reference : reference._get(), comment),
      `names.add(${name})`,
    );
  }
  getItem(name: string): NamedItem {
    return new NamedItem(
      this.context,
      () => {
        const n = this.context.model.findName(name);
        if (n === undefined)
          throw new WorkbookError(ErrorCodes.itemNotFound, `The requested resource doesn't exist: name "${name}".`);
        return n;
      },
      `names.getItem(${name})`,
    );
  }
  getItemOrNullObject(name: string): NamedItem {
    return new NamedItem(
      this.context,
      () => this.context.model.findName(name) ?? null,
      `names.getItemOrNullObject(${name})`,
    );
  }
}

export class NamedItem extends ClientObject<NameModel> {
  protected readonly props: Record<string, PropDef<NameModel>> = {
    name: { get: (n) => n.name },
    formula: {
      get: (n) => n.formula,
      set: (n, v) => {
        const model = this.context.model;
        model.deleteName(n);
        const added = model.addName(n.name, String(v), n.comment);
        Object.assign(n, added);
        model.names.splice(model.names.indexOf(added), 1, n);
      },
    },
    comment: { get: (n) => n.comment, set: (n, v) => (n.comment = String(v)) },
    visible: { get: (n) => n.visible, set: (n, v) => (n.visible = Boolean(v)) },
    type: {
      get: (n) => {
        try {
          this.context.model.nameRange(n);
          return "Range";
        } catch (e) {
          if (!isCodedError(e)) throw e;
          return typeof this.context.model.nameValue(n) === "number" ? "Double" : "String";
        }
      },
    },
    value: { get: (n) => n.formula.replace(/^=/, "") },
  };
  getRange(): Range {
    return new Range(this.context, () => this.context.model.nameRange(this._get()), "name.getRange");
  }
  getRangeOrNullObject(): Range {
    return new Range(
      this.context,
      () => {
        try {
          return this.context.model.nameRange(this._get());
        } catch (e) {
          if (isCodedError(e)) return null;
          throw e;
        }
      },
      "name.getRangeOrNullObject",
    );
  }
  delete(): void {
    this.queue("delete", (n) => this.context.model.deleteName(n));
  }
}
accessors(NamedItem, ["name", "formula", "comment", "visible", "type", "value"]);

// ---------------- charts ----------------

export class ChartCollection extends Collection<ChartModel, Chart> {
  private readonly scope: Worksheet;
  constructor(context: RequestContext, scope: Worksheet) {
    super(context, () => context.model.charts.filter((c) => c.sheet === scope._get()), "charts", false);
    this.scope = scope;
  }
  protected wrap(c: ChartModel): Chart {
    return new Chart(this.context, () => c, "charts.items", false);
  }
  add(type: string, sourceData: Range, seriesBy?: string): Chart {
    return new Chart(
      this.context,
      () => this.context.model.addChart(this.scope._get(), type, sourceData._get(), seriesBy),
      "charts.add",
    );
  }
  getItem(name: string): Chart {
    return new Chart(
      this.context,
      () => {
        const c = this._get().find((x) => x.name === name || x.id === name);
        if (c === undefined)
          throw new WorkbookError(ErrorCodes.itemNotFound, `The requested resource doesn't exist: chart "${name}".`);
        return c;
      },
      "charts.getItem",
    );
  }
  getItemOrNullObject(name: string): Chart {
    return new Chart(
      this.context,
      () => this._get().find((x) => x.name === name || x.id === name) ?? null,
      "charts.getItemOrNullObject",
    );
  }
  getItemAt(index: number): Chart {
    return new Chart(this.context, () => this._get()[index] ?? null, "charts.getItemAt");
  }
}

/** Chart sub-objects (title, legend, axes) as bags of settable properties kept on the model. */
class ChartPart extends ClientObject<ChartModel> {
  protected readonly props: Record<string, PropDef<ChartModel>>;
  constructor(
    context: RequestContext,
    chart: Chart,
    path: string,
    names: readonly string[],
    special: Record<string, PropDef<ChartModel>> = {},
  ) {
    super(context, () => chart._get(), path, false);
    this.props = { ...special };
    for (const n of names) {
      this.props[n] ??= { get: (c) => c.props[`${path}.${n}`] ?? null, set: (c, v) => (c.props[`${path}.${n}`] = v) };
    }
    for (const n of Object.keys(this.props)) {
      Object.defineProperty(this, n, {
        get: () => this.read(n),
        set: (v: unknown) => {
          this.write(n, v);
        },
        configurable: true,
      });
    }
  }
}

export class Chart extends ClientObject<ChartModel> {
  protected readonly props: Record<string, PropDef<ChartModel>> = {
    name: { get: (c) => c.name, set: (c, v) => (c.name = String(v)) },
    id: { get: (c) => c.id },
    chartType: { get: (c) => c.type, set: (c, v) => (c.type = String(v)) },
    top: { get: (c) => c.props.top ?? 0, set: (c, v) => (c.props.top = v) },
    left: { get: (c) => c.props.left ?? 0, set: (c, v) => (c.props.left = v) },
    width: { get: (c) => c.props.width ?? 360, set: (c, v) => (c.props.width = v) },
    height: { get: (c) => c.props.height ?? 216, set: (c, v) => (c.props.height = v) },
  };
  readonly title: ChartPart;
  readonly legend: ChartPart;
  readonly axes: {
    valueAxis: ChartPart & { title: ChartPart };
    categoryAxis: ChartPart & { title: ChartPart };
    /** ChartAxes.getItem (ExcelApi 1.7): an axis by type ("Value", "Category") and group ("Primary", "Secondary"). */
    getItem(type: string, group?: string): ChartPart & { title: ChartPart };
  };
  readonly series: ChartSeriesCollection;
  constructor(context: RequestContext, resolver: () => ChartModel | null, where: string, eager = true) {
    super(context, resolver, where, eager);
    this.title = new ChartPart(context, this, "title", ["visible", "overlay"], {
      text: { get: (c) => c.title, set: (c, v) => (c.title = String(v)) },
    });
    this.legend = new ChartPart(context, this, "legend", ["visible", "position"]);
    const axis = (name: string): ChartPart & { title: ChartPart } =>
      Object.assign(new ChartPart(context, this, name, ["visible", "numberFormat", "minimum", "maximum"]), {
        title: new ChartPart(context, this, `${name}.title`, ["text", "visible"]),
      });
    const valueAxis = axis("valueAxis");
    const categoryAxis = axis("categoryAxis");
    const secondary = new Map<string, ChartPart & { title: ChartPart }>();
    this.axes = {
      valueAxis,
      categoryAxis,
      getItem: (type, group = "Primary") => {
        const t = type.toLowerCase();
        if (t !== "value" && t !== "category")
          throw new WorkbookError(
            ErrorCodes.invalidArgument,
            `axes.getItem: type must be "Value" or "Category"; got ${type}.`,
          );
        if (group !== "Primary" && group !== "Secondary")
          throw new WorkbookError(
            ErrorCodes.invalidArgument,
            `axes.getItem: group must be "Primary" or "Secondary"; got ${group}.`,
          );
        if (group === "Primary") return t === "value" ? valueAxis : categoryAxis;
        const path = `${t}Axis.secondary`;
        let part = secondary.get(path);
        if (part === undefined) {
          part = axis(path);
          secondary.set(path, part);
        }
        return part;
      },
    };
    this.series = new ChartSeriesCollection(context, this);
  }
  setPosition(startCell: string | Range, endCell?: string | Range): void {
    const a = (x: string | Range | undefined): string | undefined =>
      x === undefined ? undefined : typeof x === "string" ? x : this.context.model.describe(x._get());
    this.queue("setPosition", (c) => (c.position = { start: a(startCell) as string, end: a(endCell) }));
  }
  setData(sourceData: Range, seriesBy?: string): void {
    this.queue("setData", (c) => {
      const ref = sourceData._get();
      const by =
        seriesBy === "Rows"
          ? "Rows"
          : seriesBy === "Columns"
            ? "Columns"
            : ref.rect.rows >= ref.rect.cols
              ? "Columns"
              : "Rows";
      this.context.model.setChartData(c, ref, by);
    });
  }
  delete(): void {
    this.queue("delete", (c) => this.context.model.deleteChart(c));
  }
}
accessors(Chart, ["name", "id", "chartType", "top", "left", "width", "height"]);

interface SeriesRef {
  readonly chart: ChartModel;
  readonly index: number;
}

export class ChartSeriesCollection extends Collection<SeriesRef, ChartSeries> {
  private readonly chart: Chart;
  constructor(context: RequestContext, chart: Chart) {
    super(
      context,
      () => {
        const c = chart._get();
        return c.series.map((_, index) => ({ chart: c, index }));
      },
      "series",
      false,
    );
    this.chart = chart;
  }
  protected wrap(s: SeriesRef): ChartSeries {
    return new ChartSeries(this.context, () => s, "series.items", false);
  }
  getItemAt(index: number): ChartSeries {
    return new ChartSeries(this.context, () => this._get()[index] ?? null, "series.getItemAt");
  }
  /** ChartSeriesCollection.add (ExcelApi 1.7): a new, empty series named `name` at the end (or at `index`). */
  add(name?: string, index?: number): ChartSeries {
    return new ChartSeries(
      this.context,
      () => {
        const c = this.chartOf();
        this.context.model.guard(c.sheet);
        const at = index === undefined ? c.series.length : Math.max(0, Math.min(index, c.series.length));
        const empty = { sheet: c.sheet, rect: { row: 0, col: 0, rows: 0, cols: 0 } };
        c.series.splice(at, 0, { name: name ?? `Series${c.series.length + 1}`, values: empty });
        this.context.model.changed();
        return { chart: c, index: at };
      },
      "series.add",
    );
  }
  private chartOf(): ChartModel {
    return this.chart._get();
  }
}

export class ChartSeries extends ClientObject<SeriesRef> {
  protected readonly props: Record<string, PropDef<SeriesRef>> = {
    name: { get: (s) => s.chart.series[s.index].name, set: (s, v) => (s.chart.series[s.index].name = String(v)) },
    chartType: { get: (s) => s.chart.type },
    /** ChartSeries.axisGroup (ExcelApi 1.8): "Primary" or "Secondary" (a second value axis). */
    axisGroup: {
      get: (s) => s.chart.series[s.index].axisGroup ?? "Primary",
      set: (s, v) => {
        if (v !== "Primary" && v !== "Secondary")
          throw new WorkbookError(
            ErrorCodes.invalidArgument,
            `axisGroup must be "Primary" or "Secondary"; got ${String(v)}.`,
          );
        s.chart.series[s.index].axisGroup = v;
        this.context.model.changed();
      },
    },
  };
  /** ChartSeries.setValues (ExcelApi 1.7): the series reads its values from `source`, in place. */
  setValues(source: Range): void {
    this.queue("setValues", (s) => {
      const ref = source._get();
      this.context.model.guard(s.chart.sheet);
      if (ref.rect.rows !== 1 && ref.rect.cols !== 1)
        throw new WorkbookError(ErrorCodes.invalidArgument, "setValues needs a single row or column.");
      s.chart.series[s.index] = { ...s.chart.series[s.index], values: { sheet: ref.sheet, rect: ref.rect } };
      this.context.model.changed();
    });
  }
  /** ChartSeries.setXAxisValues (ExcelApi 1.7): the categories, in place (shared by the chart's series here). */
  setXAxisValues(source: Range): void {
    this.queue("setXAxisValues", (s) => {
      const ref = source._get();
      this.context.model.guard(s.chart.sheet);
      s.chart.categories = { sheet: ref.sheet, rect: ref.rect };
      this.context.model.changed();
    });
  }
  delete(): void {
    this.queue("delete", (s) => {
      this.context.model.guard(s.chart.sheet);
      s.chart.series.splice(s.index, 1);
      this.context.model.changed();
    });
  }
}
accessors(ChartSeries, ["name", "chartType", "axisGroup"]);
