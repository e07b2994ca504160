use super::*;

fn sh(script: &str) -> Command {
    let mut command = Command::new("/bin/sh");
    command.arg("-c").arg(script);
    command
}

#[test]
fn a_child_that_ends_gives_its_status_and_output() {
    let done = run(
        sh("echo out; echo err >&2; exit 3"),
        Duration::from_secs(20),
    )
    .unwrap();
    assert_eq!(describe_status(done.status), "exit code 3");
    assert_eq!(done.stdout, b"out\n");
    assert_eq!(done.stderr, b"err\n");
}

#[test]
fn much_output_on_both_pipes_does_not_block_and_its_end_is_kept() {
    // 1 MiB on each pipe, far beyond a pipe's buffer, then a last line on each.
    let done = run(
        sh("head -c 1048576 /dev/zero; head -c 1048576 /dev/zero >&2; echo last; echo end >&2"),
        Duration::from_secs(20),
    )
    .unwrap();
    assert!(libc::WIFEXITED(done.status) && libc::WEXITSTATUS(done.status) == 0);
    assert_eq!(done.stdout.len(), PIPE_KEPT_BYTES);
    assert_eq!(done.stderr.len(), PIPE_KEPT_BYTES);
    assert!(done.stdout.ends_with(b"\0last\n"));
    assert!(done.stderr.ends_with(b"\0end\n"));
}

#[test]
fn a_child_past_its_limit_is_killed_with_its_group() {
    let start = Instant::now();
    // The shell waits for a sleep of its own, which holds the pipes open.
    let outcome = run(sh("sleep 1000; echo never"), Duration::from_millis(300));
    assert!(matches!(outcome, Err(RunError::TimedOut)));
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
}
