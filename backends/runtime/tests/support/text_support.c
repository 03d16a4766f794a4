/* Test-only stand-ins for what the runtime files (str.c, list.c, exc.c, io.c, format.c, containers.c,
 * text.c, unicode_db.c) need from a generated program and a collector:
 * - rpy_gc_malloc*: one calloc per object (so AddressSanitizer sees every object's bounds),
 *   remembered so the driver can free the objects of each case (test_gc_reset) and the
 *   rest at exit; objects allocated before test_gc_mark() (caches) live until exit;
 * - rpy_make_exception: a bare exception object whose class name is the kind's name;
 * - rpy_locations, rpy_type_info_table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpy.h"

static void **objects;
static size_t n_objects, cap_objects, permanent;

static void *remember(void *p) {
    if (!p) { fputs("text_support: out of memory\n", stderr); abort(); }
    if (n_objects == cap_objects) {
        cap_objects = cap_objects ? cap_objects * 2 : 4096;
        objects = realloc(objects, cap_objects * sizeof *objects);
        if (!objects) abort();
    }
    objects[n_objects++] = p;
    return p;
}

void *rpy_gc_malloc(uint32_t tid, size_t size) {
    rpy_hdr *h = remember(calloc(1, size));
    h->tid = tid;
    return h;
}

void *rpy_gc_malloc_varsize(uint32_t tid, size_t fixed, size_t itemsize, Signed n) {
    if (n < 0 || (itemsize && (size_t)n > ((size_t)1 << 40) / itemsize)) {
        fprintf(stderr, "text_support: bad varsize allocation of %lld items\n", (long long)n);
        abort();
    }
    return rpy_gc_malloc(tid, fixed + itemsize * (size_t)n);
}

void rpy_gc_init(void) {}
void rpy_gc_report(void) {}

/* Objects allocated so far live until exit. */
void test_gc_mark(void) { permanent = n_objects; }

/* Frees the objects allocated since test_gc_mark(). */
void test_gc_reset(void) {
    while (n_objects > permanent) free(objects[--n_objects]);
}

void test_gc_free_all(void) {
    permanent = 0;
    test_gc_reset();
    free(objects);
    objects = NULL;
    cap_objects = 0;
}

size_t test_gc_live(void) { return n_objects - permanent; }

static const char *const kind_names[] = {
    "ZeroDivisionError", "ValueError", "IndexError", "KeyError", "OverflowError", "RecursionError",
    "MemoryError", "StopIteration", "AssertionError", "TypeError", "RuntimeError",
    "UnicodeDecodeError", "UnicodeEncodeError", "OSError", "FileNotFoundError", "EOFError",
    "AttributeError", "NotImplementedError", "SystemExit",
};
#define N_KINDS ((Signed)(sizeof kind_names / sizeof kind_names[0]))

/* Class names are malloc'ed strs outside the collected objects. */
static rpy_vtable vtables[N_KINDS];
static rpy_str *names[N_KINDS];

rpy_object *rpy_make_exception(Signed kind, rpy_str *message) {
    if (kind < 0 || kind >= N_KINDS) return NULL;
    if (!names[kind]) {
        size_t n = strlen(kind_names[kind]);
        rpy_str *s = calloc(1, sizeof(rpy_str) + n + 1);
        if (!s) abort();
        s->hdr.tid = RPY_TID_STR;
        s->length = s->nbytes = (Signed)n;
        memcpy(s->data, kind_names[kind], n + 1);
        names[kind] = s;
        vtables[kind].subclass_min = vtables[kind].subclass_max = kind;
        vtables[kind].name = s;
    }
    rpy_exc_base *e = rpy_gc_malloc(RPY_TID_FIRST_GENERATED, sizeof(rpy_exc_base));
    e->super.typeptr = &vtables[kind];
    e->message = message;
    return &e->super;
}

void test_names_free(void) {
    for (Signed i = 0; i < N_KINDS; i++) {
        free(names[i]);
        names[i] = NULL;
    }
}

const rpy_location rpy_locations[] = {{"<test>", "<test>", 0}};
const rpy_type_info rpy_type_info_table[] = {{0}};
const uint32_t rpy_type_count = 1;

Signed rpy_entry(rpy_list *argv) { (void)argv; return 0; }
void rpy_init_prebuilt(void) {}
