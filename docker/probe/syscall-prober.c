/*
 * syscall-prober: makes raw syscalls the seccomp claims need and Node cannot make itself
 * (mount, unshare, kexec_load, bpf, ...), and prints what each one returned, as JSON.
 *
 *   syscall-prober NAME...      one JSON object: {"seccomp":"2","calls":{"mount":{...},...}}
 *
 * Every call uses arguments the kernel rejects before it acts (a bad flag, a bad pointer, a
 * pid that cannot exist, a descriptor of -1), so that without the filter the kernel answers
 * with its own named error (EINVAL, EFAULT, EBADF, ESRCH, ENOSYS when it lacks the syscall)
 * and nothing is mounted, loaded, booted or traced. The one exception is personality(2),
 * which has no invalid argument: it sets the persona of this short-lived process only and is
 * reset before exit. Trusted harness code, built statically into the probe image
 * (harness/sandbox/docker/probe-image.ts), never into the production image.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A user address that is never mapped: the kernel's copy_from_user fails with EFAULT. */
#define BAD_PTR 8L
/* Greater than any pid_max (at most 2^22): no task has it. */
#define NO_PID 0x7fffffffL
#define CLONE_NEWUSER_ 0x10000000L
#define CLONE_FS_ 0x00000200L
#define UFFD_USER_MODE_ONLY_ 1L
#define PER_UNAME26 0x0020000L

struct call {
  const char *name;
  long nr;
  long a[6];
  /* What the arguments are for, printed beside the answer. */
  const char *why;
};

static const struct call CALLS[] = {
  /* namespaces */
  {"unshare", SYS_unshare, {CLONE_NEWUSER_ | 1}, "CLONE_NEWUSER with an exit-signal bit unshare does not accept: EINVAL"},
  {"setns", SYS_setns, {-1, 0x40000000L}, "fd -1, CLONE_NEWNET: EBADF"},
  {"clone", SYS_clone, {CLONE_NEWUSER_ | CLONE_FS_}, "CLONE_NEWUSER|CLONE_FS, a combination copy_process refuses: EINVAL"},
  {"clone3", SYS_clone3, {0, 0}, "NULL args of size 0, below CLONE_ARGS_SIZE_VER0: EINVAL"},
  /* mounts */
  {"mount", SYS_mount, {0, BAD_PTR, BAD_PTR, 0, 0}, "fstype at an unmapped address, copied before any check: EFAULT"},
  {"umount2", SYS_umount2, {BAD_PTR, 0x80000000L}, "an undefined flag, checked first: EINVAL"},
  {"pivot_root", SYS_pivot_root, {BAD_PTR, BAD_PTR}, "paths at an unmapped address: EFAULT (EPERM without CAP_SYS_ADMIN)"},
  {"fsopen", SYS_fsopen, {BAD_PTR, 0x100}, "an undefined flag: EINVAL (EPERM without CAP_SYS_ADMIN)"},
  {"fsconfig", SYS_fsconfig, {-1, 0, 0, 0, 0}, "fd -1: EINVAL"},
  {"fsmount", SYS_fsmount, {-1, 0x100, 0}, "an undefined flag: EINVAL (EPERM without CAP_SYS_ADMIN)"},
  {"fspick", SYS_fspick, {-1, BAD_PTR, 0x100}, "an undefined flag: EINVAL (EPERM without CAP_SYS_ADMIN)"},
  {"move_mount", SYS_move_mount, {-1, BAD_PTR, -1, BAD_PTR, 0x10000}, "an undefined flag: EINVAL (EPERM without CAP_SYS_ADMIN)"},
  {"open_tree", SYS_open_tree, {-1, BAD_PTR, 0x40000000L}, "an undefined flag: EINVAL"},
  {"mount_setattr", SYS_mount_setattr, {-1, BAD_PTR, 0x40000000L, 0, 0}, "an undefined flag: EINVAL"},
  {"chroot", SYS_chroot, {BAD_PTR}, "path at an unmapped address: EFAULT"},
  /* kernel modules */
  {"init_module", SYS_init_module, {0, 0, BAD_PTR}, "an empty image: ENOEXEC/EFAULT (ENOSYS on a kernel without modules)"},
  {"finit_module", SYS_finit_module, {-1, BAD_PTR, 0x100}, "an undefined flag: EINVAL (ENOSYS without modules)"},
  {"delete_module", SYS_delete_module, {BAD_PTR, 0}, "name at an unmapped address: EFAULT (ENOSYS without modules)"},
  /* kexec */
  {"kexec_load", SYS_kexec_load, {0, 0, 0, 0x7fff0000L}, "undefined flags: EINVAL (ENOSYS on a kernel without kexec)"},
  {"kexec_file_load", SYS_kexec_file_load, {-1, -1, 0, 0, 0x100}, "an undefined flag: EINVAL (ENOSYS without kexec)"},
  /* bpf, perf */
  {"bpf", SYS_bpf, {0x7fffffffL, 0, 0}, "an undefined command: EINVAL"},
  {"perf_event_open", SYS_perf_event_open, {0, 0, -1, -1, ~0L}, "undefined flags, checked first: EINVAL"},
  /* ptrace and reaching into processes */
  {"ptrace", SYS_ptrace, {16 /* PTRACE_ATTACH */, NO_PID}, "attach to a pid that cannot exist: ESRCH"},
  {"process_vm_readv", SYS_process_vm_readv, {0, 0, 0, 0, 0, 1}, "flags 1 (must be 0): EINVAL"},
  {"process_vm_writev", SYS_process_vm_writev, {0, 0, 0, 0, 0, 1}, "flags 1 (must be 0): EINVAL"},
  {"kcmp", SYS_kcmp, {NO_PID, NO_PID, 0, 0, 0}, "pids that cannot exist: ESRCH"},
  {"pidfd_getfd", SYS_pidfd_getfd, {-1, 0, 1}, "flags 1 (must be 0): EINVAL"},
  {"process_madvise", SYS_process_madvise, {-1, 0, 0, 0, 1}, "flags 1 (must be 0): EINVAL"},
  /* keyrings */
  {"add_key", SYS_add_key, {BAD_PTR, 0, 0, 0, 0}, "type at an unmapped address: EFAULT"},
  {"request_key", SYS_request_key, {BAD_PTR, BAD_PTR, 0, 0}, "type at an unmapped address: EFAULT"},
  {"keyctl", SYS_keyctl, {0x7fffffffL}, "an undefined operation: EOPNOTSUPP"},
  /* userfaultfd */
  {"userfaultfd", SYS_userfaultfd, {UFFD_USER_MODE_ONLY_ | 2}, "user-mode-only (no capability needed) with an undefined flag: EINVAL"},
  /* clock */
  {"settimeofday", SYS_settimeofday, {0, BAD_PTR}, "timezone at an unmapped address: EFAULT"},
  {"clock_settime", SYS_clock_settime, {0x7fff, BAD_PTR}, "an undefined clock: EINVAL"},
  {"clock_adjtime", SYS_clock_adjtime, {0x7fff, BAD_PTR}, "timex at an unmapped address / an undefined clock: EFAULT or EINVAL"},
  {"adjtimex", SYS_adjtimex, {BAD_PTR}, "timex at an unmapped address: EFAULT"},
  /* personality: no invalid value exists; this process only, reset below */
  {"personality", SYS_personality, {PER_UNAME26}, "UNAME26 for this process only (reset to PER_LINUX right after): succeeds without the filter"},
  /* io_uring */
  {"io_uring_setup", SYS_io_uring_setup, {1, BAD_PTR}, "params at an unmapped address: EFAULT"},
  {"io_uring_enter", SYS_io_uring_enter, {-1, 0, 0, 0, 0, 0}, "fd -1: EBADF"},
  {"io_uring_register", SYS_io_uring_register, {-1, 0, 0, 0}, "fd -1: EBADF"},
  /* reboot, swap, accounting, quota */
  {"reboot", SYS_reboot, {0, 0, 0, 0}, "wrong magic numbers: EINVAL (EPERM without CAP_SYS_BOOT)"},
  {"swapon", SYS_swapon, {BAD_PTR, 0x7fffffffL}, "undefined flags: EINVAL (EPERM without CAP_SYS_ADMIN; ENOSYS without swap)"},
  {"swapoff", SYS_swapoff, {BAD_PTR}, "path at an unmapped address: EFAULT (EPERM without CAP_SYS_ADMIN; ENOSYS without swap)"},
  {"acct", SYS_acct, {BAD_PTR}, "path at an unmapped address: EFAULT (EPERM without CAP_SYS_PACCT; ENOSYS without accounting)"},
  {"quotactl", SYS_quotactl, {0x7fffffffL, 0, 0, 0}, "an undefined quota type: EINVAL (ENOSYS without quota)"},
  {"quotactl_fd", SYS_quotactl_fd, {-1, 0x7fffffffL, 0, 0}, "fd -1: EBADF/EINVAL (ENOSYS without quota)"},
};

static void print_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') putchar('\\');
    putchar(*s);
  }
  putchar('"');
}

/* The Seccomp mode of this process (0 none, 2 filter), from /proc/self/status. */
static void print_seccomp_mode(void) {
  char line[256];
  FILE *status = fopen("/proc/self/status", "r");
  const char *mode = NULL;
  static char value[32];
  while (status && fgets(line, sizeof line, status)) {
    if (strncmp(line, "Seccomp:", 8) == 0) {
      sscanf(line + 8, "%31s", value);
      mode = value;
    }
  }
  if (status) fclose(status);
  printf("\"seccomp\":");
  if (mode) print_string(mode); else printf("null");
}

int main(int argc, char **argv) {
  size_t count = sizeof CALLS / sizeof CALLS[0];
  printf("{");
  print_seccomp_mode();
  printf(",\"calls\":{");
  int first = 1;
  for (int i = 1; i < argc; i++) {
    const struct call *call = NULL;
    for (size_t j = 0; j < count; j++)
      if (strcmp(CALLS[j].name, argv[i]) == 0) call = &CALLS[j];
    if (!first) putchar(',');
    first = 0;
    print_string(argv[i]);
    if (!call) {
      printf(":{\"unknown\":true}");
      continue;
    }
    errno = 0;
    long ret = syscall(call->nr, call->a[0], call->a[1], call->a[2], call->a[3], call->a[4], call->a[5]);
    int err = ret == -1 ? errno : 0;
    if (call->nr == SYS_personality && ret != -1) syscall(SYS_personality, 0L);
    printf(":{\"nr\":%ld,\"ret\":%ld,\"errno\":", call->nr, ret);
    if (err) print_string(strerrorname_np(err) ? strerrorname_np(err) : "unknown"); else printf("null");
    printf(",\"why\":");
    print_string(call->why);
    putchar('}');
  }
  printf("}}\n");
  return 0;
}
