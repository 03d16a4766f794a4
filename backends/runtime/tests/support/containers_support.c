/* Test-only stand-ins for what generated code gives the runtime (exception instances, type
 * table, traceback locations, prebuilt constants), linked with the whole runtime and
 * containers_driver.c (which defines rpy_entry).
 *
 * With -DCONTAINERS_MALLOC_GC this file is also the GC: every object is its own calloc'ed
 * block of exactly the requested size (so AddressSanitizer sees any overflow), never freed;
 * without it, gc_none.c is linked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpy.h"

static const char *const exc_names[] = {
    "ZeroDivisionError", "ValueError", "IndexError", "KeyError", "OverflowError",
    "RecursionError", "MemoryError", "StopIteration", "AssertionError", "TypeError",
    "RuntimeError", "UnicodeDecodeError", "UnicodeEncodeError", "OSError",
    "FileNotFoundError", "EOFError", "AttributeError", "NotImplementedError", "SystemExit",
};
#define N_EXC ((Signed)(sizeof exc_names / sizeof exc_names[0]))

static rpy_vtable exc_vtables[N_EXC];

rpy_object *rpy_make_exception(Signed kind, rpy_str *message) {
    if (kind < 0 || kind >= N_EXC) return NULL;
    rpy_vtable *vt = &exc_vtables[kind];
    if (!vt->name) {
        vt->subclass_min = kind + 1;
        vt->subclass_max = kind + 1;
        vt->name = rpy_str_from_cstr(exc_names[kind]);
    }
    rpy_exc_base *e = rpy_gc_malloc(RPY_TID_FIRST_GENERATED, sizeof(rpy_exc_base));
    e->super.typeptr = vt;
    e->message = message;
    return &e->super;
}

const rpy_location rpy_locations[] = {{"<containers test>", "<driver>", 0}};

#define VAR(type, item, len, items, gc, extra) \
    {sizeof(type), item, offsetof(type, len), offsetof(type, items), gc, extra, 0, NULL}
#define PTRS(...) (const uint16_t[]){__VA_ARGS__}
const rpy_type_info rpy_type_info_table[] = {
    {0, 0, 0, 0, 0, 0, 0, NULL},                                 /* NONE */
    VAR(rpy_str, 1, nbytes, data, 0, 1),                         /* STR */
    VAR(rpy_bytes, 1, length, data, 0, 1),                       /* BYTES */
    VAR(rpy_slots, 8, length, items, 0, 0),                      /* SLOTS_RAW */
    VAR(rpy_slots, 8, length, items, 1, 0),                      /* SLOTS_GC */
    {sizeof(rpy_list), 0, 0, 0, 0, 0, 1, PTRS(offsetof(rpy_list, items))},      /* LIST_RAW */
    {sizeof(rpy_list), 0, 0, 0, 0, 0, 1, PTRS(offsetof(rpy_list, items))},      /* LIST_GC */
    {sizeof(rpy_builder), 0, 0, 0, 0, 0, 1, PTRS(offsetof(rpy_builder, buf))},  /* BUILDER */
    {sizeof(rpy_dict), 0, 0, 0, 0, 0, 4,
     PTRS(offsetof(rpy_dict, hashes), offsetof(rpy_dict, keys), offsetof(rpy_dict, values), offsetof(rpy_dict, index))},
    {sizeof(rpy_file), 0, 0, 0, 0, 0, 0, NULL},                  /* FILE */
    {sizeof(rpy_bytearray), 0, 0, 0, 0, 0, 1, PTRS(offsetof(rpy_bytearray, buf))},  /* BYTEARRAY */
    {sizeof(rpy_exc_base), 0, 0, 0, 0, 0, 1, PTRS(offsetof(rpy_exc_base, message))},  /* exceptions */
};
const uint32_t rpy_type_count = sizeof rpy_type_info_table / sizeof rpy_type_info_table[0];

void rpy_init_prebuilt(void) {}

#ifdef CONTAINERS_MALLOC_GC
static size_t total_bytes;

void rpy_gc_init(void) {}
void rpy_gc_thread_start(void) {}
void rpy_gc_thread_end(void) {}

void *rpy_gc_malloc(uint32_t tid, size_t size) {
    rpy_hdr *p = calloc(1, size);
    if (!p) {
        fputs("containers_support: out of memory\n", stderr);
        exit(3);
    }
    total_bytes += size;
    p->tid = tid;
    return p;
}

void *rpy_gc_malloc_varsize(uint32_t tid, size_t fixed, size_t itemsize, Signed n) {
    if (n < 0 || (itemsize && (size_t)n > ((size_t)1 << 36) / itemsize)) {
        fprintf(stderr, "containers_support: bad varsize allocation of %lld items\n", (long long)n);
        exit(3);
    }
    return rpy_gc_malloc(tid, fixed + itemsize * (size_t)n);
}

void rpy_gc_report(void) {
    if (getenv("RPY_GC_STATS")) fprintf(stderr, "malloc gc: %zu bytes\n", total_bytes);
}
#endif
