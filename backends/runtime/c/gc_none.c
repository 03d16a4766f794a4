/* --gc=none: bump allocation from large zeroed chunks; nothing is ever freed. */
#include "rpy.h"
#include <stdio.h>
#include <stdlib.h>

#define CHUNK_SIZE (1u << 20)
#define BIG_OBJECT (CHUNK_SIZE / 4)

static char *chunk_free, *chunk_end;
static size_t total_bytes;

static void out_of_memory(void) {
    fputs("MemoryError: out of memory\n", stderr);
    rpy_flush_all();
    exit(1);
}

void rpy_gc_init(void) {}
void rpy_gc_thread_start(void) {}
void rpy_gc_thread_end(void) {}

void *rpy_gc_malloc(uint32_t tid, size_t size) {
    size = (size + 7) & ~(size_t)7;
    char *p;
    if (RPY_UNLIKELY(size > (size_t)(chunk_end - chunk_free))) {
        if (size >= BIG_OBJECT) {
            p = calloc(1, size);
            if (!p) out_of_memory();
            total_bytes += size;
            ((rpy_hdr *)p)->tid = tid;
            return p;
        }
        chunk_free = calloc(1, CHUNK_SIZE);
        if (!chunk_free) out_of_memory();
        chunk_end = chunk_free + CHUNK_SIZE;
    }
    p = chunk_free;
    chunk_free += size;
    total_bytes += size;
    ((rpy_hdr *)p)->tid = tid;
    return p;
}

void *rpy_gc_malloc_varsize(uint32_t tid, size_t fixed, size_t itemsize, Signed n) {
    if (n < 0 || (itemsize && (size_t)n > ((size_t)1 << 40) / itemsize)) out_of_memory();
    void *p = rpy_gc_malloc(tid, fixed + itemsize * (size_t)n);
    const rpy_type_info *ti = &rpy_type_info_table[tid];
    if (ti->item_size) *(Signed *)((char *)p + ti->length_offset) = n - ti->items_extra;
    return p;
}

void rpy_gc_report(void) {
    const char *s = getenv("RPY_GC_STATS");
    if (s && *s && *s != '0') fprintf(stderr, "gc=none: %zu bytes allocated, 0 collections\n", total_bytes);
}
