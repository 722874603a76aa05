// Expand the events of an iCalendar (RFC 5545) text with ical.js, as an
// independent calendar client for PeerHub's feed tests.
//
//   node expand.mjs 2026-01-01T00:00:00Z 2026-04-01T00:00:00Z < feed.ics
//
// Prints a JSON list of occurrences whose start lies in [window start, window end):
//   {"uid", "recurrence_id", "start", "end"}
// sorted by start, then uid. Date-times are UTC ISO strings ("2026-01-06T23:00:00Z");
// an all-day value prints as "2026-01-06" and a floating date-time (no zone, or a TZID
// the calendar does not define, which ical.js treats as floating) prints without "Z", so
// a feed relying on either differs visibly from a client that resolves it.
// recurrence_id is the original start of the occurrence in the series (its RECURRENCE-ID);
// for a non-recurring event it is its DTSTART. Occurrences whose (overriding) VEVENT has
// STATUS:CANCELLED are left out. tests/ical_clients.py runs this script.
import ICAL from "ical.js";

// Bound on the occurrences read from one series, so a rule without an end cannot loop forever.
const MAX_ITERATIONS = 100000;

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

function parseWindowBound(text) {
  const millis = Date.parse(text);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(text) || Number.isNaN(millis)) {
    throw new Error(`window bounds must be ISO date-times with a zone, got ${JSON.stringify(text)}`);
  }
  return millis / 1000;
}

function isFloating(time) {
  return time.zone === ICAL.Timezone.localTimezone || !time.zone || time.zone.tzid === "floating";
}

// Seconds since the epoch; all-day and floating values are read as UTC (as when comparing
// them with the window, which is given in UTC).
function unixTime(time) {
  if (time.isDate || isFloating(time)) {
    const t = time.clone();
    t.zone = ICAL.Timezone.utcTimezone;
    return t.toUnixTime();
  }
  return time.toUnixTime();
}

function formatTime(time) {
  if (time.isDate || isFloating(time)) {
    return time.toString();
  }
  return time.toJSDate().toISOString().replace(/\.\d{3}Z$/, "Z");
}

function isCancelled(component) {
  const status = component.getFirstPropertyValue("status");
  return typeof status === "string" && status.toUpperCase() === "CANCELLED";
}

function main(argv, text) {
  if (argv.length !== 2) {
    throw new Error("usage: node expand.mjs WINDOW_START WINDOW_END < calendar.ics");
  }
  const windowStart = parseWindowBound(argv[0]);
  const windowEnd = parseWindowBound(argv[1]);

  const calendar = new ICAL.Component(ICAL.parse(text));

  // Register the calendar's own zones so every TZID resolves through them,
  // never through the machine's zone.
  ICAL.TimezoneService.reset();
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }

  const masters = new Map(); // uid -> VEVENT without RECURRENCE-ID
  const overrides = new Map(); // uid -> [VEVENT with RECURRENCE-ID]
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const uid = vevent.getFirstPropertyValue("uid");
    if (vevent.hasProperty("recurrence-id")) {
      if (!overrides.has(uid)) overrides.set(uid, []);
      overrides.get(uid).push(vevent);
    } else if (masters.has(uid)) {
      throw new Error(`two VEVENTs without RECURRENCE-ID share UID ${uid}`);
    } else {
      masters.set(uid, vevent);
    }
  }

  const results = [];
  const emit = (uid, recurrenceId, start, end, item) => {
    const startSeconds = unixTime(start);
    if (startSeconds < windowStart || startSeconds >= windowEnd) return;
    if (isCancelled(item.component)) return;
    results.push({
      uid,
      recurrence_id: formatTime(recurrenceId),
      start: formatTime(start),
      end: formatTime(end),
    });
  };

  for (const [uid, vevent] of masters) {
    // An empty `exceptions` list stops the constructor from relating every VEVENT with a
    // RECURRENCE-ID in the calendar, whatever its UID; strictExceptions checks the UID.
    const event = new ICAL.Event(vevent, { strictExceptions: true, exceptions: [] });
    const own = overrides.get(uid) || [];
    for (const override of own) {
      event.relateException(override);
    }
    overrides.delete(uid);

    // Iterate past the window end and past every override's original start, so an
    // occurrence moved into the window from a later date is still found.
    let stopAt = windowEnd;
    for (const override of own) {
      stopAt = Math.max(stopAt, unixTime(new ICAL.Event(override).recurrenceId) + 1);
    }

    const iterator = event.iterator();
    let next;
    let count = 0;
    while ((next = iterator.next())) {
      if (++count > MAX_ITERATIONS) {
        throw new Error(`series ${uid} has more than ${MAX_ITERATIONS} occurrences before the window end`);
      }
      if (unixTime(next) >= stopAt) break;
      const details = event.getOccurrenceDetails(next);
      emit(uid, details.recurrenceId, details.startDate, details.endDate, details.item);
    }
  }

  // Overrides whose UID has no master: each stands for itself.
  for (const [uid, own] of overrides) {
    for (const override of own) {
      const event = new ICAL.Event(override, { exceptions: [] });
      emit(uid, event.recurrenceId, event.startDate, event.endDate, event);
    }
  }

  results.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  return results;
}

try {
  const text = await readStdin();
  process.stdout.write(JSON.stringify(main(process.argv.slice(2), text), null, 2) + "\n");
} catch (error) {
  process.stderr.write(`expand.mjs: ${error && error.stack ? error.stack : error}\n`);
  process.exitCode = 1;
}
