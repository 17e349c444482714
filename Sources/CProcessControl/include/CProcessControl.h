#ifndef MENTORKIT_CPROCESSCONTROL_H
#define MENTORKIT_CPROCESSCONTROL_H

#include <spawn.h>
#include <sys/types.h>

/// Makes the calling process a child subreaper (Linux `prctl(PR_SET_CHILD_SUBREAPER, 1)`):
/// a process that its plugin's children leave behind, even one that left the plugin's process
/// group with `setsid`, is re-parented to it rather than to init, so it can be found and ended.
/// Returns 0 on success, -1 with errno set otherwise (always -1 with ENOSYS off Linux).
///
/// In C because `prctl` is variadic, which Swift can't call, and Glibc's module doesn't include
/// <sys/prctl.h>.
int mentorkit_become_child_subreaper(void);

/// Catches each of the `count` signals in `signals` that is not ignored now (`nohup`, a
/// background job): its handler writes the signal's number, one byte, to a pipe. Returns the
/// pipe's read end, or -1 with errno set. Call it once.
///
/// In C because a signal handler may only call async-signal-safe functions; a Swift closure
/// can't promise that (its globals initialise lazily, its runtime may allocate).
int mentorkit_signal_pipe(const int *signals, int count);

/// Makes a pipe whose two ends are close-on-exec (`pipe2(O_CLOEXEC)` on Linux), so no process
/// started meanwhile by another thread inherits one. Returns 0, or -1 with errno set.
/// In C because Glibc's module is imported without _GNU_SOURCE, which `pipe2` needs.
int mentorkit_pipe_cloexec(int ends[2]);

/// Adds "close every descriptor from `lowest` up" to a spawn's file actions (glibc 2.34's
/// `posix_spawn_file_actions_addclosefrom_np`). Returns 0, or an error number (ENOSYS where the
/// C library lacks it; then close-on-exec descriptors are all that protects the others).
int mentorkit_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

/// Nonzero when a write to C's standard output stream has failed since the process started
/// (`ferror(stdout)`): `print` buffers, and a write that fails while the buffer is emptied
/// mid-run sets this flag without a later `fflush` reporting it.
/// In C because Swift 6 can't name the `stdout` global (shared mutable state).
int mentorkit_stdout_failed(void);

/// Writes up to `count` bytes of `bytes` to `descriptor` like `write(2)`, but a reader that has
/// gone away gives -1 with errno EPIPE and never a SIGPIPE (which would end the whole process):
/// SIGPIPE is blocked in the calling thread for the write, and one it raised is taken off.
/// In C because signal masks are per thread and `sigtimedwait` must follow at once.
ssize_t mentorkit_write_nosigpipe(int descriptor, const void *bytes, size_t count);

/// Bytes written to the pipe `descriptor` (either end) and not yet read by the other side
/// (`ioctl(FIONREAD)`), or -1 when the system can't tell. In C because `ioctl` is variadic.
int mentorkit_unread_bytes(int descriptor);

/// The system call number of `read` on this machine (`SYS_read`), to recognise a process blocked
/// reading in `/proc/PID/syscall`; -1 where there is none.
long mentorkit_read_syscall(void);

#endif
