/* rpy runtime: the one header every translated program and every runtime file includes.
 *
 * Conventions:
 * - Every GC object starts with an rpy_hdr (type id + GC flags).
 * - A function that can raise sets the pending exception with rpy_raise*() and returns any
 *   value; callers test rpy_exc_occurred().
 * - Runtime functions keep the GC pointers they hold across calls of generated code in
 *   roots (RPY_ROOT_PUSH/RPY_ROOT_POP), so a moving collector sees and updates them, and
 *   call the write barrier (RPY_WB, RPY_WB_ITEM) before storing GC pointers into objects:
 *   see "memory" below.
 */
#ifndef RPY_H
#define RPY_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <string.h>

typedef int64_t Signed;
typedef uint64_t Unsigned;
typedef double Float;
typedef uint8_t Char;
typedef uint32_t UniChar;

#define RPY_LIKELY(x) __builtin_expect(!!(x), 1)
#define RPY_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* ------------------------------------------------------------------ objects */

typedef struct rpy_hdr {
    uint32_t tid;      /* type id: index into rpy_type_info */
    uint32_t gcflags;
} rpy_hdr;

struct rpy_vtable;

/* The root of every instance (user classes and exceptions). */
typedef struct rpy_object {
    rpy_hdr hdr;
    struct rpy_vtable *typeptr;
} rpy_object;

struct rpy_str;

/* The root of every class's vtable: the class id range for isinstance, the name, and the
 * module of a user class (`__main__` for the main module's; default reprs print
 * `module.Name`, tracebacks too except for `__main__`). */
typedef struct rpy_vtable {
    Signed subclass_min;
    Signed subclass_max;
    struct rpy_str *name;
    struct rpy_str *module;   /* NULL: a built-in class */
} rpy_vtable;

/* The root of every exception instance: BaseException's hidden message. */
typedef struct rpy_exc_base {
    rpy_object super;
    struct rpy_str *message;
} rpy_exc_base;

/* Text: UTF-8 with its length in code points; ASCII when length == nbytes. */
typedef struct rpy_str {
    rpy_hdr hdr;
    Signed length;     /* code points */
    Signed nbytes;     /* bytes of UTF-8, without the terminating NUL */
    Signed hash;       /* 0: not computed yet */
    struct rpy_slots *index; /* lazily built code point -> byte offset index (non-ASCII only) */
    char data[];       /* nbytes + 1 bytes, NUL-terminated */
} rpy_str;

typedef struct rpy_bytes {
    rpy_hdr hdr;
    Signed length;
    Signed hash;
    char data[];       /* length + 1 bytes, NUL-terminated */
} rpy_bytes;

/* An array of 8-byte slots: the items of lists and the entries of dicts. */
typedef struct rpy_slots {
    rpy_hdr hdr;
    Signed length;
    uint64_t items[];
} rpy_slots;

/* Resizable list. Items are 8-byte slots holding any low-level value. */
typedef struct rpy_list {
    rpy_hdr hdr;
    Signed length;
    rpy_slots *items;  /* capacity = items->length */
} rpy_list;

/* A string being built (rlib.rstring.StringBuilder, repr of containers). */
typedef struct rpy_builder {
    rpy_hdr hdr;
    Signed nbytes;     /* bytes used in buf */
    Signed length;     /* code points so far */
    rpy_bytes *buf;    /* capacity = buf->length */
} rpy_builder;

/* Insertion-ordered hash table (dicts; sets have no values). Entries live in three parallel
 * slot arrays; `index` maps hash positions to entry numbers (-1 empty, -2 deleted). */
typedef struct rpy_dict {
    rpy_hdr hdr;
    Signed length;        /* live entries */
    Signed used;          /* entries [0, used) have been used, deleted ones included */
    Signed keykind;       /* RPY_KIND_* of the keys */
    rpy_slots *hashes;    /* raw: each entry's hash, RPY_DICT_DELETED for deleted entries */
    rpy_slots *keys;      /* GC slots when keys are pointers */
    rpy_slots *values;    /* GC slots when values are pointers; NULL for sets */
    rpy_slots *index;     /* raw: power-of-two table of entry numbers */
    Signed (*hash)(uint64_t);          /* RPY_KIND_CUSTOM keys */
    bool (*eq)(uint64_t, uint64_t);    /* RPY_KIND_CUSTOM keys */
} rpy_dict;

/* How values stored in slots are hashed, compared and ordered. */
enum {
    RPY_KIND_INT = 0,     /* Signed (also bool) */
    RPY_KIND_FLOAT = 1,
    RPY_KIND_STR = 2,     /* rpy_str * */
    RPY_KIND_BYTES = 3,   /* rpy_bytes * */
    RPY_KIND_PTR = 4,     /* identity (instances without __eq__/__hash__) */
    RPY_KIND_CUSTOM = 5,  /* through the given functions */
    RPY_KIND_CHAR = 6,    /* UniChar */
    RPY_KIND_UINT = 7,    /* Unsigned */
};
#define RPY_DICT_DELETED ((uint64_t)0x8000000000000001ull)

/* An open file (builtins.open). */
typedef struct rpy_file {
    rpy_hdr hdr;
    void *handle;    /* FILE *, NULL once closed */
} rpy_file;

/* A bytearray: its bytes are buf->data[0, length); buf->length is the capacity. */
typedef struct rpy_bytearray {
    rpy_hdr hdr;
    Signed length;
    rpy_bytes *buf;
} rpy_bytearray;

/* ------------------------------------------------------------------ type ids */

/* Type ids of the runtime's own types; generated types follow RPY_TID_FIRST_GENERATED. */
enum {
    RPY_TID_NONE = 0,
    RPY_TID_STR,
    RPY_TID_BYTES,
    RPY_TID_SLOTS_RAW,   /* slots holding no GC pointers */
    RPY_TID_SLOTS_GC,    /* slots holding GC pointers (or NULL) */
    RPY_TID_LIST_RAW,
    RPY_TID_LIST_GC,
    RPY_TID_BUILDER,
    RPY_TID_DICT,
    RPY_TID_FILE,
    RPY_TID_BYTEARRAY,
    RPY_TID_FIRST_GENERATED
};

/* What the GC needs to know about each type. The size of an object is
 * fixed_size + item_size * (count + items_extra), rounded up to 8 bytes (RPY_GC_SIZE), where
 * count is the Signed at length_offset. */
typedef struct rpy_type_info {
    uint32_t fixed_size;       /* bytes of the fixed part (header included) */
    uint32_t item_size;        /* 0 for fixed-size types */
    uint32_t length_offset;    /* offset of the Signed item count, for var-sized types */
    uint32_t items_offset;     /* offset of the first item */
    uint8_t items_are_gc;      /* each item is a GC pointer */
    uint8_t items_extra;       /* items allocated beyond the count (the NUL of str and bytes) */
    uint16_t n_ptrs;           /* number of GC pointer fields in the fixed part */
    const uint16_t *ptr_offsets;  /* their offsets */
} rpy_type_info;

extern const rpy_type_info rpy_type_info_table[];
extern const uint32_t rpy_type_count;

/* ------------------------------------------------------------------ memory
 *
 * One of three collectors is linked in, chosen at translation time (--gc); the runtime and
 * the program are compiled with RPY_GC_GEN or RPY_GC_BOEHM defined, or neither (none).
 *
 * - rpy_gc_malloc / rpy_gc_malloc_varsize: zeroed memory with the header's type id set (and
 *   a var-sized object's count), for the runtime's C code. They never collect: with gen,
 *   an allocation that does not fit in the nursery goes outside it and asks for a
 *   collection, which generated code runs at its next safe point. So C code may hold GC
 *   pointers in plain variables across allocations; only across calls of generated code
 *   (the hash, equality and ordering functions of containers) must it keep them in roots
 *   (RPY_ROOT_PUSH/POP), which collections read and update.
 * - RPY_WB(obj) / RPY_WB_ITEM(array, index): the write barrier, before storing a GC pointer
 *   into an existing object (a field, or a slot of an array holding GC pointers); not needed
 *   for objects allocated since the last possible collection (any C allocation counts as
 *   none). Nothing with none and boehm.
 */

#define RPY_GC_SIZE(n) ((size_t)(n) < 16 ? (size_t)16 : ((size_t)(n) + 7) & ~(size_t)7)

/* Header flags (rpy_hdr.gcflags). Prebuilt objects start with RPY_GCFLAGS_PREBUILT. */
enum {
    RPY_GCFLAG_PREBUILT = 1,     /* static data */
    RPY_GCFLAG_TRACK_YOUNG = 2,  /* old, may hold GC pointers, not remembered: the barrier fires */
    RPY_GCFLAG_YOUNG_RAW = 4,    /* young but outside the nursery (large, or allocated by C) */
    RPY_GCFLAG_MARKED = 8,       /* reached by the running major collection */
    RPY_GCFLAG_HAS_CARDS = 16,   /* a large array of GC pointers with a card table before it */
    RPY_GCFLAG_CARDS_SET = 32,   /* some of its cards are marked (it is in the card list) */
    RPY_GCFLAG_ROOTED = 64,      /* prebuilt, written to: a root of every major collection */
};
#define RPY_GCFLAGS_PREBUILT (RPY_GCFLAG_PREBUILT | RPY_GCFLAG_TRACK_YOUNG)

void *rpy_gc_malloc(uint32_t tid, size_t size);
void *rpy_gc_malloc_varsize(uint32_t tid, size_t fixed, size_t itemsize, Signed n);
void rpy_gc_init(void);
/* With RPY_GC_STATS=1 in the environment: collections, time and peak heap, on stderr. */
void rpy_gc_report(void);
/* The thread running the program (main.c) starts and ends. */
void rpy_gc_thread_start(void);
void rpy_gc_thread_end(void);

#ifdef RPY_GC_GEN
/* The nursery: generated code bumps rpy_nursery_free (rpy_gc_alloc_fast). */
extern char *rpy_nursery_free, *rpy_nursery_top;
extern char *rpy_nursery_start;
/* The shadow stack: GC pointers live across collection points in generated code, and
 * (tagged with bit 0) addresses of C variables holding them (RPY_ROOT_PUSH). */
extern void **rpy_ss_top, **rpy_ss_limit;
/* Set when C code allocated outside a full nursery: generated code collects at its next
 * safe point. */
extern bool rpy_gc_pending;

void *rpy_gc_alloc_slow(uint32_t tid, size_t size);
void *rpy_gc_alloc_varsize_slow(uint32_t tid, size_t fixed, size_t itemsize, Signed n);
/* The fast path, else the slow one (may collect), out of line. */
void *rpy_gc_alloc(uint32_t tid, size_t size);
void *rpy_gc_alloc_varsize(uint32_t tid, size_t fixed, size_t itemsize, Signed n);
void rpy_gc_collect_pending(void);
void rpy_gc_remember(void *obj);
void rpy_gc_remember_item(void *array, Signed index);
uint64_t rpy_gc_identity_slow(uint64_t p);

/* Var-sized objects of more items than this never go to the nursery (with any item size,
 * the size then stays far from overflowing). */
#define RPY_GC_NURSERY_MAX_BYTES ((size_t)32 << 10)

static inline void *rpy_gc_alloc_fast(uint32_t tid, size_t size) {
    char *p = rpy_nursery_free;
    if (RPY_UNLIKELY((size_t)(rpy_nursery_top - p) < size)) return NULL;
    rpy_nursery_free = p + size;
    ((rpy_hdr *)p)->tid = tid;   /* the nursery is zeroed */
    return p;
}

static inline void *rpy_gc_alloc_varsize_fast(uint32_t tid, size_t fixed, size_t itemsize, Signed n) {
    if (RPY_UNLIKELY((Unsigned)n > RPY_GC_NURSERY_MAX_BYTES / (itemsize ? itemsize : 1))) return NULL;
    const rpy_type_info *ti = &rpy_type_info_table[tid];
    char *p = rpy_gc_alloc_fast(tid, RPY_GC_SIZE(fixed + itemsize * (size_t)n));
    if (p) *(Signed *)(p + ti->length_offset) = n - ti->items_extra;
    return p;
}

static inline void rpy_gc_wb(void *obj) {
    if (RPY_UNLIKELY(((rpy_hdr *)obj)->gcflags & RPY_GCFLAG_TRACK_YOUNG)) rpy_gc_remember(obj);
}

static inline void rpy_gc_wb_item(void *array, Signed index) {
    if (RPY_UNLIKELY(((rpy_hdr *)array)->gcflags & RPY_GCFLAG_TRACK_YOUNG)) rpy_gc_remember_item(array, index);
}

/* The value an object's identity hash is computed from: its address, except for a nursery
 * object, which gets the address it will have once it survives. */
static inline uint64_t rpy_gc_identity(uint64_t p) {
    if (RPY_UNLIKELY((char *)(uintptr_t)p >= rpy_nursery_start && (char *)(uintptr_t)p < rpy_nursery_top))
        return rpy_gc_identity_slow(p);
    return p;
}

#define RPY_WB(obj) rpy_gc_wb(obj)
#define RPY_WB_ITEM(array, index) rpy_gc_wb_item((array), (index))
/* Roots held by runtime C code across calls of generated code: the address of the variable,
 * tagged, on the shadow stack; pops in reverse order. */
#define RPY_ROOT_PUSH(p) (*rpy_ss_top++ = (void *)((uintptr_t)(void *)&(p) | 1))
#define RPY_ROOT_POP(p) ((void)rpy_ss_top--)
#else
#define RPY_WB(obj) ((void)0)
#define RPY_WB_ITEM(array, index) ((void)0)
#define RPY_ROOT_PUSH(p) ((void)0)
#define RPY_ROOT_POP(p) ((void)0)
static inline uint64_t rpy_gc_identity(uint64_t p) { return p; }
#endif

/* ------------------------------------------------------------------ exceptions */

/* Exceptions the runtime raises, numbered like rpy_stdlib::RUNTIME_EXCEPTIONS. */
enum {
    RPY_EXC_ZeroDivisionError = 0,
    RPY_EXC_ValueError,
    RPY_EXC_IndexError,
    RPY_EXC_KeyError,
    RPY_EXC_OverflowError,
    RPY_EXC_RecursionError,
    RPY_EXC_MemoryError,
    RPY_EXC_StopIteration,
    RPY_EXC_AssertionError,
    RPY_EXC_TypeError,
    RPY_EXC_RuntimeError,
    RPY_EXC_UnicodeDecodeError,
    RPY_EXC_UnicodeEncodeError,
    RPY_EXC_OSError,
    RPY_EXC_FileNotFoundError,
    RPY_EXC_EOFError,
    RPY_EXC_AttributeError,
    RPY_EXC_NotImplementedError,
    RPY_EXC_SystemExit,
    RPY_EXC_LookupError,
};

extern rpy_object *rpy_exc_value;

static inline bool rpy_exc_occurred(void) { return RPY_UNLIKELY(rpy_exc_value != NULL); }
static inline rpy_object *rpy_exc_fetch(void) { rpy_object *e = rpy_exc_value; rpy_exc_value = NULL; return e; }
void rpy_raise(rpy_object *exc);
/* Raises a built-in exception with a message (NUL-terminated UTF-8). */
void rpy_raise_simple(Signed kind, const char *message);
rpy_object *rpy_exc_fetch_dead_end(void);
void rpy_raise_str(Signed kind, rpy_str *message);
/* AttributeError when `obj` is None (an attribute read on a value that may be None). */
void rpy_check_not_none(rpy_object *obj, rpy_str *attr);
/* AttributeError when an instance attribute read as `value` was never set (null). */
void rpy_check_attr_set(rpy_object *obj, rpy_object *value, rpy_str *attr);
/* Generated: builds an instance of built-in exception `kind` carrying `message`. */
rpy_object *rpy_make_exception(Signed kind, rpy_str *message);

/* Traceback entries: one per frame an exception crosses. */
typedef struct rpy_location {
    const char *file;
    const char *function;
    int line;
} rpy_location;
extern const rpy_location rpy_locations[];
void rpy_traceback_add(Signed location);
void rpy_traceback_clear(void);
/* Prints the traceback and `Name: message` for an exception escaping main; returns the exit
 * status (1, or the SystemExit code). */
int rpy_report_uncaught(rpy_object *exc);

/* Stack overflow (of the C stack, or with gen of the shadow stack) becomes RecursionError. */
extern char *rpy_stack_limit;
void rpy_stack_overflow(void);
static inline bool rpy_stack_check(void) {
    char here;
#ifdef RPY_GC_GEN
    if (RPY_UNLIKELY(&here < rpy_stack_limit || rpy_ss_top > rpy_ss_limit)) { rpy_stack_overflow(); return true; }
#else
    if (RPY_UNLIKELY(&here < rpy_stack_limit)) { rpy_stack_overflow(); return true; }
#endif
    return false;
}

/* ------------------------------------------------------------------ strings */

rpy_str *rpy_str_alloc(Signed nbytes, Signed length);
rpy_str *rpy_str_from_utf8(const char *s, Signed nbytes);   /* counts code points */
rpy_str *rpy_str_from_ascii(const char *s, Signed nbytes);
rpy_str *rpy_str_from_cstr(const char *s);
static inline bool rpy_str_is_ascii(const rpy_str *s) { return s->length == s->nbytes; }
Signed rpy_str_byte_offset(rpy_str *s, Signed index);
UniChar rpy_str_decode_at(rpy_str *s, Signed pos);
rpy_str *rpy_str_concat(rpy_str *a, rpy_str *b);
bool rpy_str_eq(rpy_str *a, rpy_str *b);
Signed rpy_str_cmp(rpy_str *a, rpy_str *b);
Signed rpy_str_hash(rpy_str *s);
rpy_str *rpy_str_from_char(UniChar c);
UniChar rpy_str_getitem(rpy_str *s, Signed index);  /* raises IndexError */
rpy_str *rpy_str_from_int(Signed v);
rpy_str *rpy_str_from_bool(bool v);
/* Formats a float as Python's repr()/str() does (shortest round-trip). */
rpy_str *rpy_float_repr(Float v);
/* Writes the shortest round-trip repr of v into buf (at least 32 bytes); returns its length. */
int rpy_format_float_repr(char *buf, Float v);

UniChar rpy_str_char_at(rpy_str *s, Signed index);   /* no check: 0 when out of range */
rpy_str *rpy_str_from_uint(Unsigned v);
rpy_str *rpy_int_to_base_str(Signed v, Signed base, bool prefix);
rpy_str *rpy_str_mul(rpy_str *s, Signed n);
rpy_str *rpy_str_slice(rpy_str *s, Signed start, Signed stop, bool has_start, bool has_stop);
bool rpy_str_contains(rpy_str *s, rpy_str *part);
rpy_str *rpy_str_repr(rpy_str *s);
rpy_str *rpy_char_repr(UniChar c);
Signed rpy_str_ord(rpy_str *s);
UniChar rpy_chr(Signed v);
rpy_str *rpy_default_repr(rpy_object *obj);
bool rpy_unicode_isprintable(UniChar c);
rpy_str *rpy_str_format_int(Signed v, rpy_str *spec);
rpy_str *rpy_str_format_float(Float v, rpy_str *spec);
rpy_str *rpy_str_format_str(rpy_str *v, rpy_str *spec);

rpy_builder *rpy_sb_new(void);
void rpy_sb_append_bytes(rpy_builder *sb, const char *data, Signed n, Signed ncodepoints);
void rpy_sb_append(rpy_builder *sb, rpy_str *s);
void rpy_sb_append_char(rpy_builder *sb, UniChar c);
rpy_str *rpy_sb_build(rpy_builder *sb);

/* ------------------------------------------------------------------ lists */

/* Invariant: a list's slots array always has room for at least one item. */
rpy_list *rpy_list_new(Signed length, bool gc_items);
uint64_t rpy_list_get(rpy_list *l, Signed index);             /* raises IndexError */
void rpy_list_set(rpy_list *l, Signed index, uint64_t value); /* raises IndexError */
void rpy_list_append(rpy_list *l, uint64_t value);
void rpy_list_init_static(rpy_list *l, Signed length, bool gc_items);
void rpy_dict_init_static(rpy_dict *dst, rpy_dict *src);
void rpy_check_unpack(Signed length, Signed expected);       /* raises ValueError */

/* ------------------------------------------------------------------ numbers */

Signed rpy_int_floordiv(Signed a, Signed b);  /* raises ZeroDivisionError */
Signed rpy_int_mod(Signed a, Signed b);
Float rpy_float_floordiv(Float a, Float b);
Float rpy_float_mod(Float a, Float b);
Float rpy_float_truediv(Float a, Float b);
Float rpy_int_truediv(Signed a, Signed b);
Signed rpy_float_to_int(Float v);             /* raises OverflowError/ValueError */
Signed rpy_str_to_int(rpy_str *s, Signed base); /* raises ValueError */
Float rpy_str_to_float(rpy_str *s);

/* ------------------------------------------------------------------ I/O */

void rpy_write_stdout(const char *data, Signed n);
void rpy_write_stderr(const char *data, Signed n);
void rpy_flush_all(void);
void rpy_print_str(rpy_str *s, bool to_stderr);
void rpy_print_int(Signed v, bool to_stderr);
void rpy_print_char(UniChar c, bool to_stderr);
void rpy_print_float(Float v, bool to_stderr);
void rpy_print_bool(bool v, bool to_stderr);

/* ------------------------------------------------------------------ math, time, exit */

Float rpy_math1(Signed which, Float x);
Signed rpy_int_float_cmp(Signed i, Float f);
Signed rpy_hash_int(Signed v);
Signed rpy_hash_float(Float v);
Float rpy_math2(Signed which, Float x, Float y);
Float rpy_time_now(Signed which);
Signed rpy_round_to_int(Float x);
Float rpy_round_digits(Float x, Signed n);
void rpy_sys_exit(Signed code);

/* ------------------------------------------------------------------ os, files (osfile.c) */

Signed rpy_os_write(Signed fd, rpy_bytes *data);
Signed rpy_os_getpid(void);
Signed rpy_os_open(rpy_str *path, Signed flags, Signed mode);
rpy_bytes *rpy_os_read(Signed fd, Signed n);
void rpy_os_close(Signed fd);
rpy_list *rpy_os_listdir(rpy_str *path);
void rpy_time_sleep(Float seconds);
rpy_str *rpy_input(rpy_str *prompt_or_null);
Signed rpy_math_gcd(Signed a, Signed b);
Signed rpy_math_factorial(Signed n);
bool rpy_math_isclose(Float a, Float b, Float rel_tol, Float abs_tol);
bool rpy_os_path_exists(rpy_str *path);
rpy_str *rpy_os_path_join(rpy_str *a, rpy_str *b);
rpy_str *rpy_os_environ_get(rpy_str *key, rpy_str *default_or_null);
rpy_file *rpy_file_open(rpy_str *path, rpy_str *mode);
rpy_bytes *rpy_file_read_bytes(rpy_file *f, bool line);
Signed rpy_file_write(rpy_file *f, rpy_str *s);
Signed rpy_file_write_bytes(rpy_file *f, rpy_bytes *b);
void rpy_file_close(rpy_file *f);
bool rpy_math_pred(Signed which, Float x);
Float rpy_math_modf(Float x, Signed which);
Float rpy_math_frexp_mantissa(Float x);
Signed rpy_math_frexp_exponent(Float x);
Float rpy_math_ldexp(Float x, Signed e);
Signed rpy_round_int_digits(Signed v, Signed n);
Signed rpy_int_powmod(Signed a, Signed b, Signed m);

/* ------------------------------------------------------------------ more runtime */

#include "text.h"        /* str and bytes methods, Unicode */
#include "containers.h"  /* dicts, sets, list operations, sorting */
#include "bytearray.h"   /* bytearray, more bytes methods */

/* ------------------------------------------------------------------ program */

/* Generated: main(argv) of the program. */
Signed rpy_entry(rpy_list *argv);
void rpy_init_prebuilt(void);

#endif
