/* --gc=boehm: the Boehm-Demers-Weiser conservative collector (Debian's libgc-dev, linked with
 * -lgc). Objects without GC pointers are allocated "atomic" (never scanned). The program
 * runs on a thread of its own (main.c), which registers itself with the collector. */
#define GC_THREADS
#include <gc/gc.h>
#include "rpy.h"
#include <stdio.h>
#include <stdlib.h>

static void out_of_memory(void) {
    fputs("MemoryError: out of memory\n", stderr);
    rpy_flush_all();
    _Exit(1);
}

void rpy_gc_init(void) {
    GC_INIT();
    GC_allow_register_threads();
}

void rpy_gc_thread_start(void) {
    struct GC_stack_base sb;
    if (GC_get_stack_base(&sb) != GC_SUCCESS) {
        fputs("fatal: the Boehm GC cannot find the stack\n", stderr);
        _Exit(2);
    }
    GC_register_my_thread(&sb);
}

void rpy_gc_thread_end(void) { GC_unregister_my_thread(); }

void *rpy_gc_malloc(uint32_t tid, size_t size) {
    const rpy_type_info *ti = &rpy_type_info_table[tid];
    void *p;
    if (ti->n_ptrs || ti->items_are_gc) {
        p = GC_MALLOC(size);   /* zeroed */
        if (!p) out_of_memory();
    } else {
        p = GC_MALLOC_ATOMIC(size);
        if (!p) out_of_memory();
        memset(p, 0, size);
    }
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
    if (!s || !*s || *s == '0') return;
    fprintf(stderr, "gc=boehm: %lu collections, heap %.1f MB, %.1f MB allocated\n", (unsigned long)GC_get_gc_no(),
            (double)GC_get_heap_size() / 1048576.0, (double)GC_get_total_bytes() / 1048576.0);
}
