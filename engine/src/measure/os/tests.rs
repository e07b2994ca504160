use super::*;

#[test]
fn touching_fresh_pages_shows_as_minor_faults_and_rss() {
    let _alone = crate::measure::rss::TOUCH_LOCK
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let before = rusage();
    let rss_before = current_rss_bytes().expect("procfs is available on Linux");
    // 16 MiB is above glibc's mmap threshold, so the pages are fresh from the kernel.
    let mut buffer = vec![0u8; 16 << 20];
    for page in buffer.chunks_mut(4096) {
        page[0] = 1;
    }
    std::hint::black_box(&buffer);
    let after = rusage();
    let rss_after = current_rss_bytes().expect("procfs is available on Linux");
    assert!(after.minor_faults >= before.minor_faults + 1_000);
    assert!(rss_after > rss_before);
    assert!(after.max_rss_bytes >= rss_after / 2);
}

#[test]
fn status_fields_agree_with_statm() {
    // The two files read the same counters; the harness's own threads may fault pages
    // in between two reads, so the check is made on a reading where statm did not
    // move around VmRSS, with the tests that touch memory held off.
    let _alone = crate::measure::rss::TOUCH_LOCK
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let stable = (0..10_000).find_map(|_| {
        let before = current_rss_bytes().expect("procfs is available on Linux");
        let vm_rss = status_field_kib("VmRSS:").expect("VmRSS is in /proc/self/status");
        let after = current_rss_bytes().expect("procfs is available on Linux");
        (before == after).then_some((vm_rss * 1024, before))
    });
    let (vm_rss, statm) = stable.expect("the resident set settles within 10,000 readings");
    assert_eq!(vm_rss, statm);
    assert!(status_field_kib("NoSuchField:").is_none());
}

#[test]
fn available_memory_is_reported() {
    let available = available_memory_bytes().expect("MemAvailable is in /proc/meminfo");
    assert!(available > 1 << 20);
}
