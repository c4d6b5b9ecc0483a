// Report periods: whole months, typed or picked as `YYYY-MM`.
import type { ReportPeriod } from "../../bindings/ReportPeriod";

const monthOf = (year: number, month0: number) => {
  const d = new Date(year, month0, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
};

/** The last 12 months, ending with this (local) month. */
export function defaultPeriod(now: Date = new Date()): ReportPeriod {
  return {
    from_month: monthOf(now.getFullYear(), now.getMonth() - 11),
    to_month: monthOf(now.getFullYear(), now.getMonth()),
  };
}
