// The chart: one TimeChart (one WebGL context for the page's lifetime) whose series slots are reused as streams
// come and go, a legend, gap markers drawn over the plot, at most one chart update per animation frame, and a
// y range computed from the points in view (TimeChart's own only ever grows). Lines and bands stay inside the
// plot area, lines break where points were lost, axis labels keep one format per zoom level and stay inside the
// chart, the y axis shows the streams' unit, and the keyboard pans (arrows), zooms (+/-) and follows live (Home).

import { SeriesWindow } from './series-window.js';
import { GapMarkers } from './gap-markers.js';
import { timeFormatFor, timeTickCount, numberFormatFor } from './axis-format.js';

const SVG = 'http://www.w3.org/2000/svg';
/** TimeChart's line types: triangles for 2-px lines, or the GPU's own 1-px lines (much cheaper to draw). */
const LINE = 0;
const NATIVE_LINE = 2;
/** A series holding more points than this is drawn with native lines: dense data looks solid anyway. */
const DENSE_POINTS = 2000;
/** Room around the plot: the y labels on the left, half a time label on the right, the unit on top. */
const PADDING = { left: 52, right: 34, top: 24, bottom: 22 };
/** A key press pans by this share of the visible span, or zooms by this factor. */
const PAN_SHARE = 0.2;
const ZOOM_FACTOR = 1.5;

export class ChartView {
  /**
   * @param {HTMLElement} element where the chart goes
   * @param {{TimeChart: any, d3?: any, baseTime: number, windowMs: number, maxPoints: number, colors: string[],
   *          axisColor?: string, now?: () => number, legend: HTMLElement,
   *          markerFill?: string, markerStroke?: string}} options
   */
  constructor(element, { TimeChart, d3 = globalThis.d3, baseTime, windowMs, maxPoints, colors, axisColor,
    now = () => Date.now(), legend, markerFill = 'rgba(207, 34, 46, 0.16)',
    markerStroke = 'rgba(207, 34, 46, 0.65)' }) {
    this.element = element;
    this.d3 = d3;
    /** @type {Map<string, {displayName: string, unit: string}>} */
    this.labels = new Map();
    this.markerFill = markerFill;
    this.markerStroke = markerStroke;
    this.baseTime = baseTime;
    this.windowMs = windowMs;
    this.maxPoints = maxPoints;
    this.colors = colors;
    this.now = now;
    this.legendElement = legend;
    /** @type {Array<{stream: string|null, series: any, window: SeriesWindow, color: string}>} */
    this.slots = [];
    this.gaps = new GapMarkers();
    this.follow = true;
    this.yFollow = true;
    this.frameRequested = false;
    this.framesDrawn = 0;
    this.lastFrameAt = -Infinity;
    this.markerLayer = null;
    this.unitText = null;
    const view = this;
    this.chart = new TimeChart(element, {
      baseTime,
      realTime: true,
      xRange: { min: -windowMs, max: 0 },
      yRange: { min: 0, max: 1 },
      legend: false,
      color: axisColor,
      series: [],
      paddingLeft: PADDING.left,
      paddingRight: PADDING.right,
      paddingTop: PADDING.top,
      paddingBottom: PADDING.bottom,
      // The WebGL viewport is the plot area, so lines never cross the axes or their labels.
      renderPaddingLeft: PADDING.left,
      renderPaddingRight: PADDING.right,
      renderPaddingTop: PADDING.top,
      renderPaddingBottom: PADDING.bottom,
      xScaleType: () => view.timeScale(),
      zoom: { x: { autoRange: false }, y: { autoRange: false } },
      plugins: { gapMarkers: { apply: (chart) => view.installMarkerLayer(chart) } },
    });
    this.formatYTicks(this.chart.model.yScale);
    // The initial range only sets the first x domain; left in place, TimeChart would jump back to it whenever
    // following is paused.
    this.chart.options.xRange = null;
    this.onFollowChange = () => {};
    new ResizeObserver(() => {
      for (const slot of this.slots) slot.window.setBucketMs(this.bucketMs());
    }).observe(element);
    element.addEventListener('keydown', (event) => this.onKey(event));
  }

  /** A d3 time scale whose ticks and labels suit its span and width: one label format per zoom level. */
  timeScale() {
    const scale = this.d3.scaleTime();
    const ticks = scale.ticks;
    scale.ticks = () => {
      const [left, right] = scale.range();
      return ticks.call(scale, timeTickCount(Math.abs(right - left)));
    };
    scale.tickFormat = () => {
      const [start, end] = scale.domain();
      return this.d3.timeFormat(timeFormatFor(Math.abs(end - start)));
    };
    return scale;
  }

  /** Short y labels: SI prefixes for large values, so they fit beside the axis. */
  formatYTicks(yScale) {
    const d3 = this.d3;
    yScale.tickFormat = (count, specifier) => {
      const [low, high] = yScale.domain();
      const format = numberFormatFor(Math.max(Math.abs(low), Math.abs(high)));
      // Below the SI range, d3's own format for the tick step (as many decimals as the step needs).
      return format === '~s' ? d3.format(format) : d3.scaleLinear().domain([low, high]).tickFormat(count, specifier);
    };
  }

  /** Keyboard: arrows pan, + and - zoom (both pause following), Home follows live with the chosen window. */
  onKey(event) {
    const [x0, x1] = this.chart.model.xScale.domain();
    const span = x1 - x0;
    let domain = null;
    if (event.key === 'ArrowLeft') domain = [x0 - span * PAN_SHARE, x1 - span * PAN_SHARE];
    else if (event.key === 'ArrowRight') domain = [x0 + span * PAN_SHARE, x1 + span * PAN_SHARE];
    else if (event.key === '+' || event.key === '=') domain = zoomed(x0, x1, 1 / ZOOM_FACTOR);
    else if (event.key === '-' || event.key === '_') domain = zoomed(x0, x1, ZOOM_FACTOR);
    else if (event.key === 'Home') {
      this.setWindow(this.windowMs);
      this.setFollow(true);
    } else {
      return;
    }
    event.preventDefault();
    if (domain !== null) {
      this.chart.options.realTime = false;
      this.chart.model.xScale.domain(domain);
      this.setFollow(false);
      this.yFollow = true;
    }
  }

  /** Shows a stream, reusing a free series slot (never a new chart or WebGL context). */
  show(stream) {
    if (this.slotOf(stream)) return;
    let slot = this.slots.find((s) => s.stream === null);
    if (!slot) {
      const color = this.colors[this.slots.length % this.colors.length];
      const series = { name: stream, data: [], color, lineWidth: 2, visible: true, lineType: LINE };
      this.chart.options.series.push(series);
      this.chart.update();
      slot = { stream: null, series: this.chart.options.series[this.chart.options.series.length - 1], color,
        window: null };
      slot.window = new SeriesWindow({ maxPoints: this.maxPoints, maxAgeMs: this.retentionMs(),
        baseTime: this.baseTime, bucketMs: this.bucketMs() }, slot.series.data);
      this.slots.push(slot);
    }
    slot.stream = stream;
    slot.series.name = stream;
    slot.series.visible = true;
    this.renderLegend();
    this.requestFrame();
  }

  /** How a stream is shown: its display name (or name) and unit, in the legend and on the y axis. */
  setLabel(stream, { displayName = '', unit = '' }) {
    this.labels.set(stream, { displayName, unit });
    this.renderLegend();
    this.drawUnit();
  }

  /** Forgets a stream's points (before a backfill replaces them), keeping its slot and colour. */
  reset(stream) {
    const slot = this.slotOf(stream);
    if (!slot) return;
    slot.window.clear();
    this.requestFrame();
  }

  /** Points the server already reduced to the chart's pixel columns (a backfill), kept as they come. */
  addReduced(stream, epoch, points) {
    const slot = this.slotOf(stream);
    if (!slot || points.seq.length === 0) return;
    this.gaps.close(stream, points.ts[0]);
    slot.window.addReduced(epoch, points.seq, points.ts, points.value);
    this.requestFrame();
  }

  /** Width of the plot area in CSS pixels: the buckets a backfill should have. */
  plotWidth() {
    const [left, right] = this.chart.model.xScale.range();
    return Math.max(1, Math.round(right - left));
  }

  /** Hides a stream and frees its slot for the next one. */
  hide(stream) {
    const slot = this.slotOf(stream);
    if (!slot) return;
    slot.window.clear();
    slot.stream = null;
    slot.series.visible = false;
    slot.series.name = '';
    this.renderLegend();
    this.requestFrame();
  }

  /** A batch of points for a stream, as delivered by the client. */
  add(stream, epoch, points) {
    const slot = this.slotOf(stream);
    if (!slot || points.seq.length === 0) return;
    this.gaps.close(stream, points.ts[0]);
    slot.window.add(epoch, points.seq, points.ts, points.value);
    this.requestFrame();
  }

  /** Points of the stream were lost after what is held now; a marker opens until the next point. */
  markGap(stream, label) {
    const slot = this.slotOf(stream);
    if (!slot) return;
    const newest = slot.window.newestX();
    this.gaps.open(stream, newest === null ? null : newest + this.baseTime, label);
    slot.window.breakLine();
  }

  setFollow(follow) {
    this.follow = follow;
    this.chart.options.realTime = follow;
    if (follow) {
      this.yFollow = true;
      this.chart.options.xRange = null;
    }
    this.onFollowChange(follow);
    this.requestFrame();
  }

  setWindow(windowMs) {
    this.windowMs = windowMs;
    for (const slot of this.slots) {
      slot.window.setMaxAge(this.retentionMs());
      slot.window.setBucketMs(this.bucketMs());
    }
    const newest = this.newestX();
    const max = newest === null ? 0 : newest;
    this.chart.model.xScale.domain([max - windowMs, max]);
    this.requestFrame();
  }

  resetY() {
    this.yFollow = true;
    this.requestFrame();
  }

  /** Milliseconds per pixel column of the plot: finer detail than that cannot be drawn. */
  bucketMs() {
    const plotWidth = Math.max(100, this.element.clientWidth - PADDING.left - PADDING.right);
    return this.windowMs / plotWidth;
  }

  /** Points kept per series: the window plus the same again, so a short pause can scroll back a little. */
  retentionMs() {
    return this.windowMs * 2;
  }

  slotOf(stream) {
    return this.slots.find((s) => s.stream === stream);
  }

  newestX() {
    const xs = this.slots.filter((s) => s.stream !== null).map((s) => s.window.newestX()).filter((x) => x !== null);
    return xs.length === 0 ? null : Math.max(...xs);
  }

  /**
   * Asks for a frame: at most one per animation frame, and no more often than the view scrolls by a pixel
   * (bucketMs, capped at 100 ms), since a redraw in between would draw the same picture.
   */
  requestFrame() {
    if (this.frameRequested) return;
    this.frameRequested = true;
    const wait = this.lastFrameAt + Math.min(100, this.bucketMs()) - performance.now();
    if (wait > 0) {
      setTimeout(() => requestAnimationFrame(() => this.frame()), wait);
    } else {
      requestAnimationFrame(() => this.frame());
    }
  }

  /** Once per animation frame at most: move buffered points into the chart, trim, fit y, update. */
  frame() {
    this.frameRequested = false;
    this.lastFrameAt = performance.now();
    const now = this.now();
    for (const slot of this.slots) {
      slot.window.flush(now);
      slot.series.lineType = slot.series.data.length > DENSE_POINTS ? NATIVE_LINE : LINE;
    }
    if (this.chart.options.realTime !== this.follow) {
      // The zoom plugin turned following off because the person panned or zoomed.
      this.follow = this.chart.options.realTime;
      this.yFollow = false;
      this.onFollowChange(this.follow);
    }
    if (this.yFollow) this.fitY();
    // A slow stream's last point waits in an open bucket; come back once the bucket can be closed.
    if (this.slots.some((s) => s.window.hasOpenBucket())) this.requestFrame();
    this.gaps.prune(now - this.retentionMs(), new Set(this.slots.map((s) => s.stream)));
    this.chart.update();
    this.framesDrawn += 1;
  }

  /** Sets the y range to the points of visible series inside the x range (with a little headroom). */
  fitY() {
    const [x0, x1] = this.chart.model.xScale.domain();
    let min = Infinity;
    let max = -Infinity;
    for (const slot of this.slots) {
      if (slot.stream === null) continue;
      for (const p of slot.series.data) {
        if (p.x < x0 || p.x > x1 || Number.isNaN(p.y)) continue;
        if (p.y < min) min = p.y;
        if (p.y > max) max = p.y;
      }
    }
    if (min === Infinity) return;
    const pad = max > min ? (max - min) * 0.08 : Math.max(1, Math.abs(max) * 0.05);
    this.chart.options.yRange = { min: min - pad, max: max + pad };
  }

  installMarkerLayer(chart) {
    const group = document.createElementNS(SVG, 'g');
    group.setAttribute('class', 'gap-markers');
    chart.svgLayer.svgNode.appendChild(group);
    this.markerLayer = group;
    const unit = document.createElementNS(SVG, 'text');
    unit.setAttribute('class', 'y-unit');
    unit.setAttribute('x', '4');
    unit.setAttribute('y', String(PADDING.top - 8));
    unit.setAttribute('font-size', '11');
    unit.setAttribute('fill', 'currentColor');
    chart.svgLayer.svgNode.appendChild(unit);
    this.unitText = unit;
    chart.model.updated.on(() => this.drawMarkers(chart));
    return group;
  }

  /** The unit of the visible streams on top of the y axis (all of them, when they differ). */
  drawUnit() {
    if (this.unitText === null) return;
    const units = [...new Set(this.slots.filter((s) => s.stream !== null)
      .map((s) => this.labels.get(s.stream)?.unit ?? '').filter(Boolean))];
    this.unitText.textContent = units.join(', ');
  }

  drawMarkers(chart) {
    const group = this.markerLayer;
    while (group.firstChild) group.removeChild(group.firstChild);
    const [top, bottom] = chart.model.yScale.range().slice().sort((a, b) => a - b);
    const [left, right] = chart.model.xScale.range().slice().sort((a, b) => a - b);
    for (const marker of this.gaps.closed()) {
      const from = marker.fromTs === null ? marker.toTs : marker.fromTs;
      // Bands stay inside the plot area: cut at its edges, left out when wholly outside.
      const x0 = Math.max(left, chart.model.xScale(from - this.baseTime));
      const x1 = Math.min(right, chart.model.xScale(marker.toTs - this.baseTime));
      if (x1 < left || x0 > right) continue;
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('class', 'gap-marker');
      rect.setAttribute('fill', this.markerFill);
      rect.setAttribute('stroke', this.markerStroke);
      const width = Math.min(Math.max(3, x1 - x0), right - Math.min(x0, right - 3));
      rect.setAttribute('x', String(Math.min(x0, right - 3)));
      rect.setAttribute('width', String(width));
      rect.setAttribute('y', String(top));
      rect.setAttribute('height', String(bottom - top));
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${marker.stream}: ${marker.label}`;
      rect.appendChild(title);
      group.appendChild(rect);
    }
  }

  renderLegend() {
    const items = this.slots.filter((s) => s.stream !== null).map((slot) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.backgroundColor = slot.color;
      item.title = slot.stream;
      item.append(swatch, document.createTextNode(this.legendText(slot.stream)));
      return item;
    });
    this.legendElement.replaceChildren(...items);
    this.drawUnit();
  }

  /** "Server room temperature (°C)", or the stream's name when it has no display name. */
  legendText(stream) {
    const { displayName = '', unit = '' } = this.labels.get(stream) ?? {};
    return `${displayName || stream}${unit ? ` (${unit})` : ''}`;
  }

  /** What the page holds, for people debugging and for tests: per stream, the (epoch:seq) keys and count. */
  snapshot() {
    const streams = {};
    for (const slot of this.slots) {
      if (slot.stream === null) continue;
      const data = slot.series.data;
      const keys = slot.window.keys.filter((key) => key !== null);
      streams[slot.stream] = { held: keys.length, keys, outOfOrder: slot.window.outOfOrder,
        spanMs: data.length === 0 ? 0 : data[data.length - 1].x - data[0].x, retentionMs: this.retentionMs(),
        firstX: data.length === 0 ? null : data[0].x, lastX: data.length === 0 ? null : data[data.length - 1].x,
        breaks: slot.window.keys.length - keys.length, legend: this.legendText(slot.stream) };
    }
    const [left, right] = this.chart.model.xScale.range();
    const [bottom, top] = this.chart.model.yScale.range();
    return { streams, gaps: this.gaps.closed().map((m) => ({ ...m })), framesDrawn: this.framesDrawn,
      plot: { left, right, top, bottom, domain: this.chart.model.xScale.domain() }, follow: this.follow,
      windowMs: this.windowMs };
  }
}

/** [x0, x1] scaled around its centre. */
function zoomed(x0, x1, factor) {
  const centre = (x0 + x1) / 2;
  const half = ((x1 - x0) * factor) / 2;
  return [centre - half, centre + half];
}
