use super::*;

/// Touches `bytes` of fresh pages (above glibc's mmap threshold) and frees them.
fn touch(bytes: usize) {
    let mut buffer = vec![0u8; bytes];
    for page in buffer.chunks_mut(4096) {
        page[0] = 1;
    }
    std::hint::black_box(&buffer);
}

#[test]
fn the_kernel_peak_sees_memory_already_freed() {
    if !kernel_peak_available() {
        sumbench_page::say!("skipped: /proc/self/clear_refs cannot be written here");
        return;
    }
    let _alone = TOUCH_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    // 32 MiB were resident at once and freed before the end. The kernel folds its
    // per-CPU RSS counters in batches, so the mark may lag by a few dozen pages. The
    // mark is the process's: another test thread allocating meanwhile only adds to
    // it, so the least of a few readings is this probe's own.
    let peaks: Vec<PeakRss> = (0..5)
        .map(|_| {
            let watch = PeakRssWatch::start();
            touch(32 << 20);
            watch.finish()
        })
        .collect();
    assert!(peaks.iter().all(|p| p.source == PeakRssSource::Kernel));
    assert!(peaks.iter().all(|p| p.bytes >= 31 << 20), "{peaks:?}");
    let least = peaks.iter().map(|p| p.bytes).min().expect("five readings");
    assert!(least < (32 << 20) + (8 << 20), "{peaks:?}");
}

#[test]
fn the_sampled_fallback_is_labelled_and_sees_a_long_peak() {
    let _alone = TOUCH_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let watch = PeakRssWatch::start_with(PeakRssSource::Sampled);
    let mut buffer = vec![0u8; 32 << 20];
    for page in buffer.chunks_mut(4096) {
        page[0] = 1;
    }
    // Held for many sampling intervals, so the sampler cannot miss it.
    std::thread::sleep(RSS_INTERVAL * 40);
    drop(std::hint::black_box(buffer));
    let peak = watch.finish();
    assert_eq!(peak.source, PeakRssSource::Sampled);
    assert!(peak.bytes >= 30 << 20, "{peak:?}");
}
