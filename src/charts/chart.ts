import type { VegaLiteSpec } from './specs.js';

/** A chart as every surface uses it: the spec to draw, and its words (file name, title, alt text). */
export interface Chart {
  /** File name in Slack, e.g. "O1-KR2-week-6.png". */
  name: string;
  title: string;
  alt: string;
  spec: VegaLiteSpec;
}
