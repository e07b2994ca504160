//! The counted path of [`CountingAlloc`](super::CountingAlloc): stats_alloc's counters, then
//! live and peak bytes. Separate so that it stays out of line: the allocator shim inlines
//! only the check of the switch, and jumps here when counting is on.

use super::{GlobalAlloc, Layout, STATS, grow, shrink};

/// # Safety
/// As [`GlobalAlloc::alloc`].
#[inline(never)]
pub(super) unsafe fn alloc(layout: Layout) -> *mut u8 {
    // SAFETY: forwarded with the caller's guarantees.
    let ptr = unsafe { STATS.alloc(layout) };
    if !ptr.is_null() {
        grow(layout.size());
    }
    ptr
}

/// # Safety
/// As [`GlobalAlloc::alloc_zeroed`].
#[inline(never)]
pub(super) unsafe fn alloc_zeroed(layout: Layout) -> *mut u8 {
    // SAFETY: forwarded with the caller's guarantees.
    let ptr = unsafe { STATS.alloc_zeroed(layout) };
    if !ptr.is_null() {
        grow(layout.size());
    }
    ptr
}

/// # Safety
/// As [`GlobalAlloc::dealloc`].
#[inline(never)]
pub(super) unsafe fn dealloc(ptr: *mut u8, layout: Layout) {
    // SAFETY: forwarded with the caller's guarantees.
    unsafe { STATS.dealloc(ptr, layout) };
    shrink(layout.size());
}

/// # Safety
/// As [`GlobalAlloc::realloc`].
#[inline(never)]
pub(super) unsafe fn realloc(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
    // SAFETY: forwarded with the caller's guarantees.
    let new_ptr = unsafe { STATS.realloc(ptr, layout, new_size) };
    if !new_ptr.is_null() {
        // Live bytes change by `new − old`, as DHAT and dhat-rs count a realloc.
        let old_size = layout.size();
        if new_size >= old_size {
            grow(new_size - old_size);
        } else {
            shrink(old_size - new_size);
        }
    }
    new_ptr
}
