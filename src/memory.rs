//! Giving memory back to the operating system after a burst.
//!
//! glibc's allocator keeps the memory a burst freed in its per-thread arenas, so the process's
//! resident size stays at its peak long after the work is done. [`release_free_memory`] asks it
//! to return what it can (`malloc_trim`); elsewhere it does nothing.

/// Caps glibc's allocator at two arenas. By default it makes up to eight per core, one for each
/// thread that allocates while another holds an arena; a burst spread over the runtime's,
/// matching and database threads then leaves memory scattered in many arenas. Call once at start,
/// before threads are spawned; elsewhere it does nothing.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes an allocator setting; called before other threads allocate.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Returns freed heap memory to the operating system where the allocator supports it. Takes a
/// few milliseconds; call it when idle, off the async tasks.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks and releases the allocator's free lists; it has no
    // preconditions and is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}
