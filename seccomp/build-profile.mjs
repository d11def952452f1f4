// Writes seccomp/sandbox-node.json from the groups below, so that each allowed syscall
// carries the reason it is there and each denial the harm it prevents. Run it after editing:
//   node seccomp/build-profile.mjs            (writes the profile)
//   node seccomp/build-profile.mjs --check    (exit 1 when the committed profile is stale)
// The allowlist was derived with scripts/trace-syscalls.sh (see seccomp/README.md).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const EPERM = 1;
const ENOSYS = 38;
/** CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET: Docker's mask. */
const CLONE_NEW_MASK = 2114060288;
const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;

const allow = (comment, names) => ({ names, action: 'SCMP_ACT_ALLOW', comment });
const deny = (comment, names, errnoRet = EPERM) => ({ names, action: 'SCMP_ACT_ERRNO', errnoRet, comment });
const allowIf = (comment, name, args) => ({ names: [name], action: 'SCMP_ACT_ALLOW', args, comment });

const syscalls = [
  allow(
    'process start and exit: runc execs node after installing the filter; the loader, glibc and V8 set up the process',
    [
      'execve',
      'exit',
      'exit_group',
      'arch_prctl',
      'set_tid_address',
      'set_robust_list',
      'rseq',
      'prlimit64',
      'uname',
      'sysinfo',
      'getrandom',
      'brk',
      'access',
      'readlink',
    ],
  ),
  allow('memory: V8 heap and code space, glibc malloc; pkey_* for V8 memory protection keys', [
    'mmap',
    'munmap',
    'mprotect',
    'madvise',
    'mremap',
    'pkey_alloc',
    'pkey_free',
    'pkey_mprotect',
  ]),
  allow('threads and time: V8 platform workers, libuv threadpool, the runtime of runc (Go) before execve', [
    'futex',
    'sched_yield',
    'sched_getaffinity',
    'gettid',
    'getpid',
    'getppid',
    'tgkill',
    'tkill',
    'nanosleep',
    'clock_nanosleep',
    'clock_gettime',
    'clock_getres',
    'gettimeofday',
    // process.cpuUsage(), process.resourceUsage() (the cpu-share probe)
    'getrusage',
    'times',
  ]),
  allowIf(
    'threads: clone only without CLONE_NEW* flags (no namespaces); clone3 cannot be filtered by flags (they sit behind a pointer), so it gets ENOSYS below and glibc falls back to clone',
    'clone',
    [{ index: 0, value: CLONE_NEW_MASK, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
  ),
  allow('signals: V8 and libuv signal handling, abort on heap exhaustion', [
    'rt_sigaction',
    'rt_sigprocmask',
    'rt_sigreturn',
    'sigaltstack',
    'restart_syscall',
    'kill',
  ]),
  allow('identity, read only: node reads its ids and capabilities at start', [
    'getuid',
    'geteuid',
    'getgid',
    'getegid',
    'getresuid',
    'getresgid',
    'getgroups',
    'capget',
  ]),
  allow('files: node, ses and the runner load from the read-only rootfs; probes and tmpfs claims write /tmp', [
    'openat',
    'read',
    'write',
    'pread64',
    'pwrite64',
    'readv',
    'writev',
    'lseek',
    'close',
    'close_range',
    'fstat',
    'newfstatat',
    'statx',
    'fstatfs',
    'statfs',
    'getdents64',
    'getcwd',
    'fcntl',
    'ioctl',
    'dup',
    'dup2',
    'dup3',
    'pipe2',
    'mkdir',
    'rmdir',
    'unlink',
    'rename',
    'ftruncate',
    'fsync',
    'fdatasync',
    // fs.copyFile (copy_file_range, sendfile as libuv's fallback, fchmod of the copy) and
    // fs.chmod: the tmpfs-exec probe copies a binary into /tmp and marks it executable.
    'copy_file_range',
    'sendfile',
    'chmod',
    'fchmod',
    'fchmodat',
  ]),
  allow('event loop: libuv epoll backend', [
    'epoll_create1',
    'epoll_ctl',
    'epoll_pwait',
    'epoll_wait',
    'eventfd2',
    'poll',
    'ppoll',
  ]),
  allowIf(
    'sockets: AF_UNIX (child process stdio), AF_INET and AF_INET6 client sockets only, so that the network claim is decided by the network namespace, not by this filter',
    'socket',
    [{ index: 0, value: AF_UNIX, op: 'SCMP_CMP_EQ' }],
  ),
  allowIf('sockets: AF_INET', 'socket', [{ index: 0, value: AF_INET, op: 'SCMP_CMP_EQ' }]),
  allowIf('sockets: AF_INET6', 'socket', [{ index: 0, value: AF_INET6, op: 'SCMP_CMP_EQ' }]),
  allow('sockets: client side only (no bind, listen or accept)', [
    'socketpair',
    'connect',
    'getsockopt',
    'setsockopt',
    'getsockname',
    'getpeername',
    'sendto',
    'recvfrom',
    'sendmsg',
    'recvmsg',
    'shutdown',
  ]),
  allow(
    'child processes: libuv reaps children with wait4 and aborts when it fails; fork-style clone passes the clone rule',
    ['wait4'],
  ),
  allowIf('personality: only PER_LINUX (0)', 'personality', [{ index: 0, value: 0, op: 'SCMP_CMP_EQ' }]),
  allowIf('personality: only PER_LINUX32 (8)', 'personality', [{ index: 0, value: 8, op: 'SCMP_CMP_EQ' }]),
  allowIf('personality: the query (0xffffffff)', 'personality', [{ index: 0, value: 4294967295, op: 'SCMP_CMP_EQ' }]),

  // clone3: ENOSYS, not EPERM: glibc falls back to clone only on ENOSYS; on EPERM pthread_create
  // fails and node aborts. SCMP_ACT_TRACE rather than SCMP_ACT_ERRNO(38): with no tracer
  // attached the kernel fails a TRACE'd syscall with ENOSYS (seccomp(2)), and gVisor does the
  // same, whereas runsc --oci-seccomp (20221219) ignores a rule's errnoRet and answered clone3
  // with EPERM, so node aborted at its first thread under runsc. Nothing inside the container can
  // become a tracer (ptrace is denied below, CAP_SYS_PTRACE is dropped).
  {
    names: ['clone3'],
    action: 'SCMP_ACT_TRACE',
    comment:
      'clone3: ENOSYS (TRACE with no tracer) so glibc falls back to clone, whose flags the filter checks; ERRNO(38) is not honoured by runsc',
  },
  deny(
    'io_uring: ENOSYS so that libuv falls back to its threadpool and epoll; io_uring has been a rich source of kernel bugs and bypasses seccomp for the operations it performs',
    ['io_uring_setup', 'io_uring_enter', 'io_uring_register'],
    ENOSYS,
  ),

  // Everything else gets the default EPERM. The groups below are listed for the record (and
  // for the claims' static checks): none of them is allowed above.
  deny('namespaces: a new user/mount/net namespace is the first step of most container escapes', ['unshare', 'setns']),
  deny('mounts: remounting or mounting over the rootfs undoes read-only and noexec', [
    'mount',
    'umount2',
    'pivot_root',
    'fsopen',
    'fsconfig',
    'fsmount',
    'fspick',
    'move_mount',
    'open_tree',
    'chroot',
  ]),
  deny('kernel modules: loading code into the kernel', ['init_module', 'finit_module', 'delete_module']),
  deny('kexec: replacing the running kernel', ['kexec_load', 'kexec_file_load']),
  deny('bpf: loading programs into the kernel; a large attack surface', ['bpf']),
  deny('perf events: kernel and side-channel information, frequent CVEs', ['perf_event_open']),
  deny('ptrace and cross-process memory: reading or writing other processes', [
    'ptrace',
    'process_vm_readv',
    'process_vm_writev',
    'kcmp',
  ]),
  deny('keyrings: kernel keyrings are not namespaced', ['add_key', 'request_key', 'keyctl']),
  deny('userfaultfd: used to widen race windows in kernel exploits', ['userfaultfd']),
  deny('clock setting: the clock is not namespaced', ['settimeofday', 'clock_settime', 'clock_adjtime', 'adjtimex']),
  deny('reboot, swap, process accounting, quotas: host-wide administration', [
    'reboot',
    'swapon',
    'swapoff',
    'acct',
    'quotactl',
  ]),
  deny(
    'symlinks: no legitimate use; EPERM here (where the read-only rootfs would say EROFS) shows the filter answered',
    ['symlink', 'symlinkat', 'link', 'linkat'],
  ),
  deny('inotify: no legitimate use; fs.watch fails under the filter', [
    'inotify_init',
    'inotify_init1',
    'inotify_add_watch',
    'inotify_rm_watch',
  ]),
  deny('identity changes: the runner never changes its ids or capabilities', [
    'setuid',
    'setgid',
    'setreuid',
    'setregid',
    'setresuid',
    'setresgid',
    'setfsuid',
    'setfsgid',
    'setgroups',
    'capset',
  ]),
  deny('devices and raw I/O', ['mknod', 'mknodat', 'ioperm', 'iopl']),
  deny('file handles: open_by_handle_at is the "shocker" container escape', ['name_to_handle_at', 'open_by_handle_at']),
  deny('obsolete or host-wide interfaces', [
    'lookup_dcookie',
    'vhangup',
    'syslog',
    'uselib',
    'nfsservctl',
    'sysfs',
    '_sysctl',
    'ustat',
  ]),
  deny('NUMA memory policy: no use in a 0.5-core sandbox', [
    'mbind',
    'set_mempolicy',
    'get_mempolicy',
    'migrate_pages',
    'move_pages',
  ]),
  deny('servers: the runner never accepts connections', ['bind', 'listen', 'accept', 'accept4']),
];

const profile = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: EPERM,
  architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
  syscalls,
};

// A name must not be both allowed and denied: libseccomp would reject the filter.
const seen = new Map();
for (const rule of syscalls) {
  for (const name of rule.names) {
    const kind = rule.action;
    if (seen.has(name) && seen.get(name) !== kind) throw new Error(`${name} is both ${seen.get(name)} and ${kind}`);
    seen.set(name, kind);
  }
}

// Variants for claims' controls only (never for running strategies): each changes one rule.
const variants = {
  // clone3 falls to the default EPERM: shows that the ENOSYS answer is what lets node start.
  'variants/clone3-eperm.json': { ...profile, syscalls: syscalls.filter((rule) => !rule.names.includes('clone3')) },
};

const outputs = { 'sandbox-node.json': profile, ...variants };
let stale = false;
for (const [file, content] of Object.entries(outputs)) {
  const target = new URL(`./${file}`, import.meta.url);
  const text = `${JSON.stringify(content, null, 2)}\n`;
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // Missing counts as stale.
    }
    if (current !== text) {
      console.error(`seccomp/${file} is stale: run node seccomp/build-profile.mjs`);
      stale = true;
    }
  } else {
    mkdirSync(new URL('.', target), { recursive: true });
    writeFileSync(target, text);
  }
}
if (stale) process.exit(1);
if (!process.argv.includes('--check')) {
  const allowed = new Set(syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW').flatMap((r) => r.names));
  console.error(
    `wrote seccomp/sandbox-node.json (${allowed.size} syscall names allowed) and ${Object.keys(variants).join(', ')}`,
  );
}
