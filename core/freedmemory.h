#pragma once
// How the program's memory is handed back to the operating system.
//
// A census of 100,000 streams allocates and frees tens of megabytes of large
// blocks (the census itself, its rows, the writer's and the ranking's
// per-census arrays) on the collector, writer and analytics threads. glibc's
// allocator raises its threshold for giving a large block a mapping of its
// own each time such a block is freed (up to 32 MiB), so after the first
// censuses those blocks come from the arenas and what they leave free is kept
// there: about 40 MB more resident at Twitch scale than the program uses
// (docs/PERFORMANCE.md §7).

namespace StreamRank {

// Once, at the start of the process, before the threads: with glibc, every
// block of 1 MiB or more gets its own mapping (M_MMAP_THRESHOLD fixed, which
// also fixes the trim threshold), so freeing it returns it at once. Elsewhere
// nothing: the allocators of Windows and macOS return large blocks by
// themselves.
void returnLargeBlocksWhenFreed();

} // namespace StreamRank
