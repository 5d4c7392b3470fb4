/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, UTC), so dates are exact integers and
 * formatting needs no Date objects in the hot loop.
 */

export const WINDOW_DAYS = 180;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

interface Civil {
  year: number;
  month: number;
  day: number;
}

function civilFromDays(days: number): Civil {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

export function formatDay(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Parse a strict YYYY-MM-DD (a real calendar date) to a day number, or null. */
export function parseIsoDate(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const days = daysFromCivil(year, month, day);
  const back = civilFromDays(days);
  return back.year === year && back.month === month && back.day === day ? days : null;
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The same day-of-month `monthsBack` months earlier; `dayOfMonth` must be <= 28. */
export function sameDayMonthsBack(anchor: number, monthsBack: number): number {
  const { year, month, day } = civilFromDays(anchor);
  const index = year * 12 + (month - 1) - monthsBack;
  return daysFromCivil(Math.floor(index / 12), (index % 12) + 1, day);
}

export function dayOfMonth(days: number): number {
  return civilFromDays(days).day;
}

/** ISO datetime `YYYY-MM-DDTHH:MM:SSZ` for a day number plus seconds into that day. */
export function formatDateTime(days: number, secondOfDay: number): string {
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  const s = secondOfDay % 60;
  return `${formatDay(days)}T${pad2(h)}:${pad2(m)}:${pad2(s)}Z`;
}
