/**
 * @module eval/lib/peer-reference
 * The peer's figures as published in ../shared/corpus/waf/README.md
 * (Apache 2.4 + ModSecurity 2.9.7 + OWASP CRS 3.3.4, anomaly threshold 5,
 * measured on dev.ndjson 2026-11-25). Used for the target check when the
 * peer is not run (`--peer` measures it instead). Two-decimal rounding as
 * published.
 */
export const PUBLISHED_PEER: Record<"1" | "2", Record<string, number>> = {
  "1": {
    attack: 0.449,
    benign: 0.019,
    "class:sqli": 0.84,
    "class:xss": 0.87,
    "class:traversal": 0.2,
    "class:rce": 0.74,
    "class:rfi": 0.38,
    "class:php": 0.75,
    "class:ssti": 0.16,
    "class:java": 0.65,
    "class:protocol": 0.95,
    "class:anomalous": 0.13,
    "attack:csic": 0.303,
    "benign:csic": 0.0,
    "attack:crs": 0.657,
    "benign:crs": 0.401,
  },
  "2": {
    attack: 0.532,
    benign: 0.053,
    "class:sqli": 0.89,
    "class:xss": 0.87,
    "class:traversal": 0.2,
    "class:rce": 0.8,
    "class:rfi": 0.62,
    "class:php": 0.77,
    "class:ssti": 0.4,
    "class:java": 0.67,
    "class:protocol": 0.97,
    "class:anomalous": 0.26,
    "attack:csic": 0.406,
    "benign:csic": 0.033,
    "attack:crs": 0.714,
    "benign:crs": 0.472,
  },
};
