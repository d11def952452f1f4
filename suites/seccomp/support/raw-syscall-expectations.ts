/**
 * What the static prober's calls (docker/probe/syscall-prober.c) must get, per syscall: the
 * filter's answer under our profile on each runtime, and the answers the kernel may give without
 * the filter (the arguments are invalid, so the kernel rejects them; ENOSYS where this kernel or
 * gVisor lacks the syscall). Measured on Linux 6.18 (no kexec, no modules) and runsc 20221219,
 * with the capabilities each group adds. gVisor acts on one call: unshare(CLONE_NEWUSER|1)
 * succeeds there (a user namespace for the exiting prober, inside the sandbox's own kernel).
 */

/** Newer than close_range (436), the newest syscall the profile names: ENOSYS from runc's stub. */
const RUNC_STUB_ENOSYS = new Set(['mount_setattr', 'pidfd_getfd', 'process_madvise', 'quotactl_fd']);

/** The filter's answer: EPERM, ENOSYS for clone3 (TRACE), io_uring_* on runc (errnoRet 38) and runc's stub. */
export function filterAnswer(name: string, runtime: 'runc' | 'runsc'): string {
  if (name === 'clone3') return 'ENOSYS';
  if (runtime === 'runc' && (RUNC_STUB_ENOSYS.has(name) || name.startsWith('io_uring_'))) return 'ENOSYS';
  return 'EPERM';
}

/** The kernel's possible answers to the prober's arguments without the filter (runc: Linux; runsc: gVisor's Sentry). */
export const KERNEL_ANSWERS: Record<string, { runc: string[]; runsc: string[] }> = {
  unshare: { runc: ['EINVAL'], runsc: ['ok'] },
  setns: { runc: ['EBADF'], runsc: ['EOPNOTSUPP'] },
  clone: { runc: ['EINVAL'], runsc: ['EINVAL'] },
  clone3: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  mount: { runc: ['EFAULT'], runsc: ['EFAULT'] },
  umount2: { runc: ['EINVAL'], runsc: ['EFAULT'] },
  pivot_root: { runc: ['EFAULT'], runsc: ['EFAULT'] },
  fsopen: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  fsconfig: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  fsmount: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  fspick: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  move_mount: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  open_tree: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  mount_setattr: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  chroot: { runc: ['EFAULT'], runsc: ['EFAULT'] },
  init_module: { runc: ['ENOSYS', 'ENOEXEC', 'EFAULT'], runsc: ['ENOSYS'] },
  finit_module: { runc: ['ENOSYS', 'EINVAL', 'EBADF'], runsc: ['ENOSYS'] },
  delete_module: { runc: ['ENOSYS', 'EFAULT'], runsc: ['ENOSYS'] },
  kexec_load: { runc: ['ENOSYS', 'EINVAL'], runsc: ['ENOSYS'] },
  kexec_file_load: { runc: ['ENOSYS', 'EINVAL', 'EBADF'], runsc: ['ENOSYS'] },
  bpf: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  perf_event_open: { runc: ['EINVAL', 'ENOSYS'], runsc: ['ENODEV'] },
  ptrace: { runc: ['ESRCH'], runsc: ['ESRCH'] },
  process_vm_readv: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  process_vm_writev: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  kcmp: { runc: ['ESRCH', 'ENOSYS'], runsc: ['ENOSYS'] },
  pidfd_getfd: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  process_madvise: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  add_key: { runc: ['EFAULT', 'ENOSYS'], runsc: ['EACCES'] },
  request_key: { runc: ['EFAULT', 'ENOSYS'], runsc: ['EACCES'] },
  keyctl: { runc: ['EOPNOTSUPP', 'ENOSYS'], runsc: ['EACCES'] },
  userfaultfd: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  settimeofday: { runc: ['EFAULT'], runsc: ['ENOSYS'] },
  clock_settime: { runc: ['EINVAL'], runsc: ['EPERM'] },
  clock_adjtime: { runc: ['EFAULT', 'EINVAL'], runsc: ['ENOSYS'] },
  adjtimex: { runc: ['EFAULT'], runsc: ['ENOSYS'] },
  personality: { runc: ['ok'], runsc: ['EINVAL'] },
  reboot: { runc: ['EINVAL'], runsc: ['ENOSYS'] },
  swapon: { runc: ['EINVAL', 'ENOSYS'], runsc: ['ENOSYS'] },
  swapoff: { runc: ['EFAULT', 'ENOSYS'], runsc: ['ENOSYS'] },
  acct: { runc: ['EFAULT', 'ENOSYS'], runsc: ['ENOSYS'] },
  quotactl: { runc: ['EINVAL', 'ENOSYS'], runsc: ['ENOSYS'] },
  quotactl_fd: { runc: ['EBADF', 'EINVAL'], runsc: ['ENOSYS'] },
  io_uring_setup: { runc: ['EFAULT'], runsc: ['ENOSYS'] },
  io_uring_enter: { runc: ['EBADF'], runsc: ['ENOSYS'] },
  io_uring_register: { runc: ['EBADF'], runsc: ['ENOSYS'] },
};
