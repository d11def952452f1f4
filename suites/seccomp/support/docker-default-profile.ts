/**
 * The size of Docker's default seccomp profile, for comparison with ours. Counted from
 * moby/moby profiles/seccomp/default.json at commit 00f3d189e420d485e42d15fe494f96d272284e0e
 * (moby master, read through the project's code search; Docker 20.10.24 embeds an older copy,
 * which lacks a few newer names such as landlock_*, memfd_secret, process_mrelease, futex_waitv).
 * No copy of the profile ships with Debian's docker.io, so the count is recorded, not derived.
 */
export const DOCKER_DEFAULT_PROFILE = {
  source: 'moby/moby profiles/seccomp/default.json @ 00f3d189e420d485e42d15fe494f96d272284e0e',
  /** Names in its unconditional SCMP_ACT_ALLOW list (all architectures' names together). */
  unconditionalAllowNames: 349,
  /**
   * Allowed on amd64 for a container without capabilities (CapDrop ALL), beyond that list:
   * ptrace, process_vm_readv, process_vm_writev (kernel >= 4.8), socket (not AF_VSOCK),
   * personality (5 values), arch_prctl, modify_ldt, clone (no CLONE_NEW*).
   */
  conditionalAllowNamesAmd64NoCaps: 8,
  /** The two above together. */
  allowNamesAmd64NoCaps: 357,
} as const;
