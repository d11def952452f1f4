/** One verdict on one field (or a few related fields) of a live container's `docker inspect`. */
export interface ContainerCheck {
  /** Stable id, e.g. `cis-5.3-capabilities`. */
  id: string;
  /** The benchmark item it corresponds to, e.g. `CIS Docker Benchmark 5.3`, or why there is none. */
  cisReference: string;
  title: string;
  passed: boolean;
  /** What a hardened sandbox container has, in words. */
  expected: string;
  /** What the container had: the inspect fields, verbatim (a JSON value). */
  found: unknown;
  /** The config key that controls the field (`sandbox.docker.cap_add`), or `sandbox.docker` when no key does. */
  configKey: string;
}

/** What the checks compare with besides the inspect data itself. */
export interface ContainerCheckContext {
  /** The profile the container must carry: sha256 of its minified JSON, and where it came from. */
  seccomp: { sha256: string; path: string };
}
