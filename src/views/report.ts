import type { Chart } from '../charts/chart.js';
import type { SuccessMetrics } from '../domain/successMetrics.js';
import type { CheckinInfo, Confidence, KrInfo } from '../domain/types.js';

/** What the cycle report shows (gathered by services/report.ts, drawn by reportMarkdown and reportHtml). */

export interface ReportKr {
  kr: KrInfo;
  trend: Array<Confidence | null>;
  checkins: CheckinInfo[];
  links: Array<{ url: string; title: string | null }>;
  decisions: string[];
  chart: Chart;
}

export interface ReportTeam {
  name: string;
  chart: Chart | null;
  objectives: Array<{ key: string; title: string; krs: ReportKr[] }>;
}

export interface ReportData {
  cycleName: string;
  dates: string;
  weeks: number;
  metrics: SuccessMetrics;
  teams: ReportTeam[];
  decisions: string[];
}
