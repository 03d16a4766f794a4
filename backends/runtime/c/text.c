/* str and bytes methods, encodings, and the Unicode character classes on top of the
 * generated database (unicode_db.c). Python 3.11 semantics and messages.
 *
 * Strings are UTF-8 (surrogates, which chr() can make, are encoded like other code points),
 * so byte searches (memchr/memmem) find code point aligned matches; indices visible to
 * Python are code points. ASCII strings (length == nbytes) and ASCII runs take byte-level
 * fast paths. Byte-level algorithms are shared by str and bytes: an object is handled as
 * `void *` with a flag telling which it is. */
#define _GNU_SOURCE
#include "rpy.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define P2U(p) ((uint64_t)(uintptr_t)(p))
#define U2P(t, v) ((t)(uintptr_t)(v))

static void out_of_memory(void) {
    fputs("MemoryError: out of memory\n", stderr);
    rpy_flush_all();
    exit(1);
}

/* ================================================================== Unicode database */

const char *const rpy_unicode_category_names[RPY_UCAT_COUNT] = {
    "Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps",
    "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co",
};

static inline unsigned uflags(UniChar c) {
    return c < 128 ? rpy_ucd_ascii_flags[c] : rpy_ucd_lookup(c)->flags;
}

Signed rpy_unicode_category(UniChar c) { return rpy_ucd_lookup(c)->category; }
bool rpy_unicode_has(UniChar c, unsigned flag) { return (uflags(c) & flag) != 0; }
Signed rpy_unicode_decimal(UniChar c) { return rpy_ucd_lookup(c)->decimal; }
Signed rpy_unicode_digit(UniChar c) { return rpy_ucd_lookup(c)->digit; }
Float rpy_unicode_numeric(UniChar c) { return rpy_ucd_numeric_values[rpy_ucd_lookup(c)->numeric]; }
UniChar rpy_unicode_upper_simple(UniChar c) { return (UniChar)((int32_t)c + rpy_ucd_lookup(c)->upper); }
UniChar rpy_unicode_lower_simple(UniChar c) { return (UniChar)((int32_t)c + rpy_ucd_lookup(c)->lower); }
UniChar rpy_unicode_title_simple(UniChar c) { return (UniChar)((int32_t)c + rpy_ucd_lookup(c)->title); }

static inline int copy_seq(const rpy_ucd_seq *q, UniChar out[3]) {
    for (int i = 0; i < q->n; i++) out[i] = q->c[i];
    return q->n;
}

/* A full case mapping: the special sequence `seq` of c if it has any, else c plus its simple
 * mapping's delta `delta` (casefold falls back to lower). */
#define FULL_MAPPING(name, seq, delta)                                           \
    int name(UniChar c, UniChar out[3]) {                                        \
        const rpy_ucd_record *r = rpy_ucd_lookup(c);                             \
        if (r->special) return copy_seq(&rpy_ucd_specials[r->special].seq, out); \
        out[0] = (UniChar)((int32_t)c + r->delta);                               \
        return 1;                                                                \
    }

FULL_MAPPING(rpy_unicode_upper_full, upper, upper)
FULL_MAPPING(rpy_unicode_lower_full, lower, lower)
FULL_MAPPING(rpy_unicode_title_full, title, title)
FULL_MAPPING(rpy_unicode_fold_full, fold, lower)

bool rpy_unicode_isprintable(UniChar c) { return (uflags(c) & RPY_UCD_PRINTABLE) != 0; }
bool rpy_unicode_isspace(UniChar c) { return (uflags(c) & RPY_UCD_SPACE) != 0; }
bool rpy_unicode_islinebreak(UniChar c) { return (uflags(c) & RPY_UCD_LINEBREAK) != 0; }

#define F_ALNUM (RPY_UCD_ALPHA | RPY_UCD_DECIMAL | RPY_UCD_DIGIT | RPY_UCD_NUMERIC)

bool rpy_unichar_isdigit(UniChar c) { return (uflags(c) & RPY_UCD_DIGIT) != 0; }
bool rpy_unichar_isalpha(UniChar c) { return (uflags(c) & RPY_UCD_ALPHA) != 0; }
bool rpy_unichar_isalnum(UniChar c) { return (uflags(c) & F_ALNUM) != 0; }
bool rpy_unichar_isspace(UniChar c) { return (uflags(c) & RPY_UCD_SPACE) != 0; }
bool rpy_unichar_isupper(UniChar c) { return (uflags(c) & RPY_UCD_UPPER) != 0; }
bool rpy_unichar_islower(UniChar c) { return (uflags(c) & RPY_UCD_LOWER) != 0; }
bool rpy_unichar_istitle(UniChar c) { return (uflags(c) & (RPY_UCD_TITLE | RPY_UCD_UPPER)) != 0; }
bool rpy_unichar_isidentifier(UniChar c) { return c == '_' || (uflags(c) & RPY_UCD_XID_START) != 0; }
bool rpy_unichar_isdecimal(UniChar c) { return (uflags(c) & RPY_UCD_DECIMAL) != 0; }
bool rpy_unichar_isnumeric(UniChar c) { return (uflags(c) & RPY_UCD_NUMERIC) != 0; }
bool rpy_unichar_isprintable(UniChar c) { return (uflags(c) & RPY_UCD_PRINTABLE) != 0; }

/* ================================================================== UTF-8 */

static inline int lead_len(unsigned char c) { return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4; }
static inline bool is_lead(unsigned char c) { return (c & 0xc0) != 0x80; }

static inline UniChar dec(const char *s, int *len) {
    const unsigned char *p = (const unsigned char *)s;
    unsigned c = p[0];
    if (c < 0x80) { *len = 1; return c; }
    if (c < 0xe0) { *len = 2; return ((c & 0x1f) << 6) | (p[1] & 0x3f); }
    if (c < 0xf0) { *len = 3; return ((c & 0x0f) << 12) | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f); }
    *len = 4;
    return ((c & 0x07) << 18) | ((p[1] & 0x3f) << 12) | ((p[2] & 0x3f) << 6) | (p[3] & 0x3f);
}

/* The code point ending at byte `pos` (> 0); *start receives its first byte. */
static inline UniChar dec_before(const char *s, Signed pos, Signed *start) {
    Signed p = pos - 1;
    while (p > 0 && !is_lead((unsigned char)s[p])) p--;
    int len;
    *start = p;
    return dec(s + p, &len);
}

static inline int enc(UniChar c, char *out) {
    if (c < 0x80) { out[0] = (char)c; return 1; }
    if (c < 0x800) { out[0] = (char)(0xc0 | (c >> 6)); out[1] = (char)(0x80 | (c & 0x3f)); return 2; }
    if (c < 0x10000) {
        out[0] = (char)(0xe0 | (c >> 12)); out[1] = (char)(0x80 | ((c >> 6) & 0x3f)); out[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (c >> 18)); out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3f)); out[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

static inline int enc_len(UniChar c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

/* One bit (bit 0 of each byte) per lead byte of an 8-byte word. */
static inline uint64_t lead_bits(uint64_t w) { return (((~w) >> 7) | (w >> 6)) & 0x0101010101010101ull; }
static inline uint64_t load8(const char *p) { uint64_t w; memcpy(&w, p, 8); return w; }

/* Code points in n bytes of UTF-8. */
static Signed cp_count(const char *s, Signed n) {
    Signed count = 0, i = 0;
    for (; i + 32 <= n; i += 32)
        count += __builtin_popcountll(lead_bits(load8(s + i))) + __builtin_popcountll(lead_bits(load8(s + i + 8))) +
                 __builtin_popcountll(lead_bits(load8(s + i + 16))) + __builtin_popcountll(lead_bits(load8(s + i + 24)));
    for (; i + 8 <= n; i += 8) count += __builtin_popcountll(lead_bits(load8(s + i)));
    for (; i < n; i++) count += is_lead((unsigned char)s[i]);
    return count;
}

/* The byte offset of the code point k code points after the one at byte `pos` (n if that is
 * past the end). */
static Signed cp_skip(const char *s, Signed n, Signed pos, Signed k) {
    while (pos + 8 <= n) {
        Signed leads = __builtin_popcountll(lead_bits(load8(s + pos)));
        if (leads > k) break;
        k -= leads;
        pos += 8;
    }
    for (; pos < n; pos++) {
        if (is_lead((unsigned char)s[pos])) {
            if (k == 0) return pos;
            k--;
        }
    }
    return n;
}

/* The byte offset of the k-th code point (k >= 1) before byte `end`. */
static Signed cp_skip_back(const char *s, Signed end, Signed k) {
    Signed pos = end;
    while (pos >= 8) {
        Signed leads = __builtin_popcountll(lead_bits(load8(s + pos - 8)));
        if (leads >= k) break;
        k -= leads;
        pos -= 8;
    }
    while (pos > 0) {
        pos--;
        if (is_lead((unsigned char)s[pos]) && --k == 0) return pos;
    }
    return 0;
}

/* Byte offset of code point `index` (0 <= index <= length). */
static Signed str_offset(rpy_str *s, Signed index) { return rpy_str_byte_offset(s, index); }

/* ================================================================== allocation */

rpy_bytes *rpy_bytes_alloc(Signed n) {
    rpy_bytes *b = rpy_gc_malloc_varsize(RPY_TID_BYTES, sizeof(rpy_bytes), 1, n + 1);
    b->length = n;
    b->hash = 0;
    b->data[n] = '\0';
    return b;
}

static rpy_str *new_str(Signed nbytes, Signed length) {
    rpy_str *s = rpy_str_alloc(nbytes, length);
    s->data[nbytes] = '\0';
    return s;
}

static rpy_str *empty_str(void) { return new_str(0, 0); }

/* A str or bytes seen as bytes. */
#define ODATA(o, isb) ((isb) ? ((rpy_bytes *)(o))->data : ((rpy_str *)(o))->data)
#define ONB(o, isb) ((isb) ? ((rpy_bytes *)(o))->length : ((rpy_str *)(o))->nbytes)
/* Its length as Python sees it. */
#define OLEN(o, isb) ((isb) ? ((rpy_bytes *)(o))->length : ((rpy_str *)(o))->length)
/* Byte-indexed: bytes, or ASCII str. */
#define OBYTEWISE(o, isb) ((isb) || rpy_str_is_ascii((rpy_str *)(o)))

static void *new_obj(bool isb, Signed nbytes, Signed length) {
    return isb ? (void *)rpy_bytes_alloc(nbytes) : (void *)new_str(nbytes, length);
}

/* A new str/bytes holding bytes [b0, b1) of o; `cps` is its length in code points, or -1 to
 * count them. */
static void *piece(void *o, bool isb, Signed b0, Signed b1, Signed cps) {
    Signed n = b1 - b0;
    if (!isb && cps < 0) cps = rpy_str_is_ascii((rpy_str *)o) ? n : cp_count(((rpy_str *)o)->data + b0, n);
    RPY_ROOT_PUSH(o);
    void *r = new_obj(isb, n, cps);
    RPY_ROOT_POP(o);
    memcpy(ODATA(r, isb), ODATA(o, isb) + b0, (size_t)n);
    return r;
}

/* A growable malloc'ed buffer for results of unknown size. */
typedef struct {
    char *buf;
    Signed len, cap, cps;
} scratch;

static void sc_init(scratch *b, Signed cap) {
    b->cap = cap < 16 ? 16 : cap;
    b->buf = malloc((size_t)b->cap);
    if (!b->buf) out_of_memory();
    b->len = b->cps = 0;
}

static void sc_grow(scratch *b, Signed extra) {
    Signed cap = b->cap * 2;
    if (cap < b->len + extra) cap = b->len + extra;
    char *nb = realloc(b->buf, (size_t)cap);
    if (!nb) out_of_memory();
    b->buf = nb;
    b->cap = cap;
}

static inline void sc_reserve(scratch *b, Signed extra) {
    if (RPY_UNLIKELY(b->len + extra > b->cap)) sc_grow(b, extra);
}

static inline void sc_put(scratch *b, UniChar c) {
    sc_reserve(b, 4);
    b->len += enc(c, b->buf + b->len);
    b->cps++;
}

static rpy_str *sc_finish(scratch *b) {
    rpy_str *r = new_str(b->len, b->cps);
    memcpy(r->data, b->buf, (size_t)b->len);
    free(b->buf);
    b->buf = NULL;
    return r;
}

static void raise_fmt(Signed kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void raise_fmt(Signed kind, const char *fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    rpy_raise_simple(kind, buf);
}

/* Python's ADJUST_INDICES: clamps [start, end) to [0, len] with negative ones from the end. */
static inline void adjust(Signed *start, Signed *end, Signed len) {
    if (*end > len) *end = len;
    else if (*end < 0) { *end += len; if (*end < 0) *end = 0; }
    if (*start < 0) { *start += len; if (*start < 0) *start = 0; }
}

/* ================================================================== searching bytes */

/* Offset of the first occurrence of n[0..nn) (nn >= 1) in h[0..hn), or -1. */
static inline Signed mem_find(const char *h, Signed hn, const char *n, Signed nn) {
    if (nn > hn) return -1;
    const char *p = nn == 1 ? memchr(h, n[0], (size_t)hn) : memmem(h, (size_t)hn, n, (size_t)nn);
    return p ? p - h : -1;
}

/* Offset of the last occurrence, or -1: memrchr for one byte, else a reverse Horspool. */
static Signed mem_rfind(const char *h, Signed hn, const char *n, Signed nn) {
    if (nn > hn) return -1;
    if (nn == 1) {
        const char *p = memrchr(h, n[0], (size_t)hn);
        return p ? p - h : -1;
    }
    Signed p = hn - nn;
    unsigned char first = (unsigned char)n[0];
    if (hn < 256 || nn < 3) {
        for (; p >= 0; p--)
            if ((unsigned char)h[p] == first && memcmp(h + p + 1, n + 1, (size_t)nn - 1) == 0) return p;
        return -1;
    }
    /* shift[c]: how far left to move the window when its first byte is c */
    Signed shift[256];
    for (int c = 0; c < 256; c++) shift[c] = nn;
    for (Signed i = nn - 1; i >= 1; i--) shift[(unsigned char)n[i]] = i;
    while (p >= 0) {
        unsigned char c = (unsigned char)h[p];
        if (c == first && memcmp(h + p + 1, n + 1, (size_t)nn - 1) == 0) return p;
        p -= shift[c];
    }
    return -1;
}

/* ================================================================== character classes */

/* Whitespace for bytes (Python's Py_ISSPACE): space, \t \n \v \f \r. */
static inline bool byte_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* Is the character at byte i whitespace? (*len: its size in bytes) */
static inline bool space_at(const char *d, Signed i, bool isb, int *len) {
    unsigned char c = (unsigned char)d[i];
    if (isb) { *len = 1; return byte_space(c); }
    if (c < 0x80) { *len = 1; return (rpy_ucd_ascii_flags[c] & RPY_UCD_SPACE) != 0; }
    return (rpy_ucd_lookup(dec(d + i, len))->flags & RPY_UCD_SPACE) != 0;
}

/* Is the character ending at byte i (> 0) whitespace? (*start: its first byte) */
static inline bool space_before(const char *d, Signed i, bool isb, Signed *start) {
    unsigned char c = (unsigned char)d[i - 1];
    if (isb) { *start = i - 1; return byte_space(c); }
    if (c < 0x80) { *start = i - 1; return (rpy_ucd_ascii_flags[c] & RPY_UCD_SPACE) != 0; }
    return (rpy_ucd_lookup(dec_before(d, i, start))->flags & RPY_UCD_SPACE) != 0;
}

/* ================================================================== join */

static void *join_generic(void *sep, bool isb, rpy_list *items) {
    Signed n = items->length;
    if (n == 0) return new_obj(isb, 0, 0);
    Signed nb = 0, cps = 0;
    for (Signed i = 0; i < n; i++) {
        void *it = U2P(void *, items->items->items[i]);
        if (!it) {
            if (isb) raise_fmt(RPY_EXC_TypeError, "sequence item %lld: expected a bytes-like object, NoneType found", (long long)i);
            else raise_fmt(RPY_EXC_TypeError, "sequence item %lld: expected str instance, NoneType found", (long long)i);
            return NULL;
        }
        nb += ONB(it, isb);
        cps += OLEN(it, isb);
    }
    if (n == 1) return U2P(void *, items->items->items[0]);
    Signed sepn = ONB(sep, isb);
    if (sepn > 0 && (n - 1) > (((Signed)1 << 40) - nb) / sepn) {
        rpy_raise_simple(RPY_EXC_OverflowError, "join() result is too long for a Python string");
        return NULL;
    }
    nb += (n - 1) * sepn;
    cps += (n - 1) * OLEN(sep, isb);
    RPY_ROOT_PUSH(sep);
    RPY_ROOT_PUSH(items);
    void *r = new_obj(isb, nb, cps);
    RPY_ROOT_POP(items);
    RPY_ROOT_POP(sep);
    char *out = ODATA(r, isb);
    const char *sd = ODATA(sep, isb);
    for (Signed i = 0; i < n; i++) {
        if (i > 0 && sepn) { memcpy(out, sd, (size_t)sepn); out += sepn; }
        void *it = U2P(void *, items->items->items[i]);
        Signed k = ONB(it, isb);
        memcpy(out, ODATA(it, isb), (size_t)k);
        out += k;
    }
    return r;
}

rpy_str *rpy_str_join(rpy_str *sep, rpy_list *items) { return join_generic(sep, false, items); }
rpy_bytes *rpy_bytes_join(rpy_bytes *sep, rpy_list *items) { return join_generic(sep, true, items); }

/* ================================================================== split */

static void append_piece(rpy_list *l, void *o, bool isb, Signed b0, Signed b1) {
    RPY_ROOT_PUSH(l);
    void *p = piece(o, isb, b0, b1, -1);
    RPY_ROOT_PUSH(p);
    rpy_list_append(l, P2U(p));   /* may allocate: p is rooted, list.c roots l */
    RPY_ROOT_POP(p);
    RPY_ROOT_POP(l);
}

static void list_reverse(rpy_list *l) {
    uint64_t *a = l->items->items;
    for (Signed i = 0, j = l->length - 1; i < j; i++, j--) {
        uint64_t t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

static rpy_list *split_generic(void *o, bool isb, void *sep, Signed maxsplit) {
    if (maxsplit < 0) maxsplit = INT64_MAX;
    RPY_ROOT_PUSH(o);
    RPY_ROOT_PUSH(sep);
    rpy_list *l = NULL;
    Signed n = ONB(o, isb);
    if (sep) {
        Signed sn = ONB(sep, isb);
        if (sn == 0) { rpy_raise_simple(RPY_EXC_ValueError, "empty separator"); goto done; }
        l = rpy_list_new(0, true);
        Signed pos = 0;
        while (maxsplit-- > 0) {
            Signed f = mem_find(ODATA(o, isb) + pos, n - pos, ODATA(sep, isb), sn);
            if (f < 0) break;
            append_piece(l, o, isb, pos, pos + f);
            pos += f + sn;
        }
        append_piece(l, o, isb, pos, n);
    } else {
        l = rpy_list_new(0, true);
        Signed i = 0;
        int len;
        while (maxsplit-- > 0) {
            while (i < n && space_at(ODATA(o, isb), i, isb, &len)) i += len;
            if (i == n) break;
            Signed j = i;
            space_at(ODATA(o, isb), i, isb, &len);
            i += len;
            while (i < n && !space_at(ODATA(o, isb), i, isb, &len)) i += len;
            append_piece(l, o, isb, j, i);
        }
        if (i < n) {
            while (i < n && space_at(ODATA(o, isb), i, isb, &len)) i += len;
            if (i != n) append_piece(l, o, isb, i, n);
        }
    }
done:
    RPY_ROOT_POP(sep);
    RPY_ROOT_POP(o);
    return l;
}

static rpy_list *rsplit_generic(void *o, bool isb, void *sep, Signed maxsplit) {
    if (maxsplit < 0) maxsplit = INT64_MAX;
    RPY_ROOT_PUSH(o);
    RPY_ROOT_PUSH(sep);
    rpy_list *l = NULL;
    Signed n = ONB(o, isb);
    if (sep) {
        Signed sn = ONB(sep, isb);
        if (sn == 0) { rpy_raise_simple(RPY_EXC_ValueError, "empty separator"); goto done; }
        l = rpy_list_new(0, true);
        Signed end = n;
        while (maxsplit-- > 0) {
            Signed f = mem_rfind(ODATA(o, isb), end, ODATA(sep, isb), sn);
            if (f < 0) break;
            append_piece(l, o, isb, f + sn, end);
            end = f;
        }
        append_piece(l, o, isb, 0, end);
    } else {
        l = rpy_list_new(0, true);
        Signed i = n, st;   /* i: end of the unexamined prefix */
        while (maxsplit-- > 0) {
            while (i > 0 && space_before(ODATA(o, isb), i, isb, &st)) i = st;
            if (i == 0) break;
            Signed j = i;
            space_before(ODATA(o, isb), i, isb, &st);
            i = st;
            while (i > 0 && !space_before(ODATA(o, isb), i, isb, &st)) i = st;
            append_piece(l, o, isb, i, j);
        }
        if (i > 0) {
            while (i > 0 && space_before(ODATA(o, isb), i, isb, &st)) i = st;
            if (i > 0) append_piece(l, o, isb, 0, i);
        }
    }
    list_reverse(l);
done:
    RPY_ROOT_POP(sep);
    RPY_ROOT_POP(o);
    return l;
}

rpy_list *rpy_str_split(rpy_str *s, rpy_str *sep, Signed maxsplit) { return split_generic(s, false, sep, maxsplit); }
rpy_list *rpy_str_rsplit(rpy_str *s, rpy_str *sep, Signed maxsplit) { return rsplit_generic(s, false, sep, maxsplit); }
rpy_list *rpy_bytes_split(rpy_bytes *s, rpy_bytes *sep, Signed maxsplit) { return split_generic(s, true, sep, maxsplit); }
rpy_list *rpy_bytes_rsplit(rpy_bytes *s, rpy_bytes *sep, Signed maxsplit) { return rsplit_generic(s, true, sep, maxsplit); }

rpy_list *rpy_str_splitlines(rpy_str *s, bool keepends) {
    RPY_ROOT_PUSH(s);
    rpy_list *l = rpy_list_new(0, true);
    Signed n = s->nbytes, i = 0, j = 0;
    while (i < n) {
        int len = 1;
        /* find the end of the line */
        for (;;) {
            if (i >= n) break;
            unsigned char c = (unsigned char)s->data[i];
            if (c < 0x80) {
                if (rpy_ucd_ascii_flags[c] & RPY_UCD_LINEBREAK) { len = 1; break; }
                i++;
            } else {
                UniChar u = dec(s->data + i, &len);
                if (rpy_ucd_lookup(u)->flags & RPY_UCD_LINEBREAK) break;
                i += len;
            }
        }
        Signed eol = i;
        if (i < n) {
            if (s->data[i] == '\r' && i + 1 < n && s->data[i + 1] == '\n') i += 2;
            else i += len;
            if (keepends) eol = i;
        }
        append_piece(l, s, false, j, eol);
        j = i;
    }
    RPY_ROOT_POP(s);
    return l;
}

rpy_list *rpy_str_partition(rpy_str *s, rpy_str *sep, bool from_right) {
    if (sep->nbytes == 0) { rpy_raise_simple(RPY_EXC_ValueError, "empty separator"); return NULL; }
    RPY_ROOT_PUSH(s);
    RPY_ROOT_PUSH(sep);
    rpy_list *l = rpy_list_new(3, true);
    RPY_ROOT_PUSH(l);
    Signed f = from_right ? mem_rfind(s->data, s->nbytes, sep->data, sep->nbytes)
                          : mem_find(s->data, s->nbytes, sep->data, sep->nbytes);
    rpy_str *a, *b, *c;
    if (f < 0) {
        b = empty_str();
        RPY_ROOT_PUSH(b);
        rpy_str *e = empty_str();
        RPY_ROOT_POP(b);
        if (from_right) { a = e; c = s; } else { a = s; c = e; }
    } else {
        a = piece(s, false, 0, f, -1);
        RPY_ROOT_PUSH(a);
        c = piece(s, false, f + sep->nbytes, s->nbytes, -1);
        RPY_ROOT_POP(a);
        b = sep;
    }
    l->items->items[0] = P2U(a);
    l->items->items[1] = P2U(b);
    l->items->items[2] = P2U(c);
    RPY_ROOT_POP(l);
    RPY_ROOT_POP(sep);
    RPY_ROOT_POP(s);
    return l;
}

/* ================================================================== strip */

/* Is code point c among those of `chars`? */
static bool in_chars(UniChar c, void *chars, bool isb) {
    const char *d = ODATA(chars, isb);
    Signed n = ONB(chars, isb);
    if (isb || c < 0x80) return c < 256 && memchr(d, (int)c, (size_t)n) != NULL;
    if (rpy_str_is_ascii((rpy_str *)chars)) return false;
    char buf[4];
    int k = enc(c, buf);
    for (Signed i = 0; i + k <= n;) {
        if (memcmp(d + i, buf, (size_t)k) == 0) return true;
        i += lead_len((unsigned char)d[i]);
    }
    return false;
}

static void *strip_generic(void *o, bool isb, void *chars, Signed which) {
    const char *d = ODATA(o, isb);
    Signed n = ONB(o, isb), b0 = 0, b1 = n;
    bool wide = !OBYTEWISE(o, isb);
    if (which != 2) {
        while (b0 < n) {
            int len = 1;
            if (!chars) {
                if (!space_at(d, b0, isb, &len)) break;
            } else {
                UniChar c = wide ? dec(d + b0, &len) : (unsigned char)d[b0];
                if (!in_chars(c, chars, isb)) break;
            }
            b0 += len;
        }
    }
    if (which != 1) {
        while (b1 > b0) {
            Signed st;
            if (!chars) {
                if (!space_before(d, b1, isb, &st)) break;
            } else {
                UniChar c;
                if (wide) c = dec_before(d, b1, &st);
                else { st = b1 - 1; c = (unsigned char)d[st]; }
                if (!in_chars(c, chars, isb)) break;
            }
            b1 = st;
        }
    }
    if (b0 == 0 && b1 == n) return o;
    return piece(o, isb, b0, b1, -1);
}

rpy_str *rpy_str_strip(rpy_str *s, rpy_str *chars, Signed which) { return strip_generic(s, false, chars, which); }
rpy_bytes *rpy_bytes_strip(rpy_bytes *s, rpy_bytes *chars, Signed which) { return strip_generic(s, true, chars, which); }

/* ================================================================== find, count, startswith */

/* The byte range of code points [start, end) (0 <= start <= end <= length) of o. */
static void byte_range(void *o, bool isb, Signed start, Signed end, Signed *b0, Signed *b1) {
    if (OBYTEWISE(o, isb)) { *b0 = start; *b1 = end; return; }
    rpy_str *s = o;
    *b0 = str_offset(s, start);
    if (end == s->length) *b1 = s->nbytes;
    else if (end - start <= s->length - end) *b1 = cp_skip(s->data, s->nbytes, *b0, end - start);
    else *b1 = str_offset(s, end);
}

static Signed find_generic(void *o, bool isb, void *sub, Signed start, Signed end, bool from_right) {
    Signed len = OLEN(o, isb), sublen = OLEN(sub, isb);
    adjust(&start, &end, len);
    if (end - start < sublen) return -1;
    if (sublen == 0) return from_right ? end : start;
    Signed b0, b1;
    byte_range(o, isb, start, end, &b0, &b1);
    const char *d = ODATA(o, isb);
    Signed r = from_right ? mem_rfind(d + b0, b1 - b0, ODATA(sub, isb), ONB(sub, isb))
                          : mem_find(d + b0, b1 - b0, ODATA(sub, isb), ONB(sub, isb));
    if (r < 0) return -1;
    if (OBYTEWISE(o, isb)) return start + r;
    if (r <= (b1 - b0) / 2) return start + cp_count(d + b0, r);
    return end - cp_count(d + b0 + r, b1 - b0 - r);
}

Signed rpy_str_find(rpy_str *s, rpy_str *sub, Signed start, Signed end, bool from_right) {
    return find_generic(s, false, sub, start, end, from_right);
}

Signed rpy_str_index(rpy_str *s, rpy_str *sub, Signed start, Signed end, bool from_right) {
    Signed r = find_generic(s, false, sub, start, end, from_right);
    if (r < 0) rpy_raise_simple(RPY_EXC_ValueError, "substring not found");
    return r;
}

Signed rpy_bytes_find(rpy_bytes *s, rpy_bytes *sub, Signed start, Signed end, bool from_right) {
    return find_generic(s, true, sub, start, end, from_right);
}

Signed rpy_bytes_index(rpy_bytes *s, rpy_bytes *sub, Signed start, Signed end, bool from_right) {
    Signed r = find_generic(s, true, sub, start, end, from_right);
    if (r < 0) rpy_raise_simple(RPY_EXC_ValueError, "subsection not found");
    return r;
}

static Signed count_generic(void *o, bool isb, void *sub, Signed start, Signed end) {
    Signed len = OLEN(o, isb), sublen = OLEN(sub, isb);
    adjust(&start, &end, len);
    if (end - start < sublen) return 0;
    if (sublen == 0) return end - start + 1;
    Signed b0, b1;
    byte_range(o, isb, start, end, &b0, &b1);
    const char *d = ODATA(o, isb), *sd = ODATA(sub, isb);
    Signed sn = ONB(sub, isb), count = 0, pos = b0;
    for (;;) {
        Signed f = mem_find(d + pos, b1 - pos, sd, sn);
        if (f < 0) break;
        count++;
        pos += f + sn;
    }
    return count;
}

Signed rpy_str_count(rpy_str *s, rpy_str *sub, Signed start, Signed end) { return count_generic(s, false, sub, start, end); }
Signed rpy_bytes_count(rpy_bytes *s, rpy_bytes *sub, Signed start, Signed end) { return count_generic(s, true, sub, start, end); }

static bool tailmatch(void *o, bool isb, void *sub, Signed start, Signed end, bool suffix) {
    Signed len = OLEN(o, isb), sublen = OLEN(sub, isb);
    adjust(&start, &end, len);
    end -= sublen;
    if (end < start) return false;
    if (sublen == 0) return true;
    Signed pos = suffix ? end : start;
    Signed sn = ONB(sub, isb), b;
    if (OBYTEWISE(o, isb)) b = pos;
    else if (suffix && end + sublen == len) b = ONB(o, isb) - sn;   /* at the very end: no scan */
    else b = str_offset((rpy_str *)o, pos);
    return b >= 0 && b + sn <= ONB(o, isb) && memcmp(ODATA(o, isb) + b, ODATA(sub, isb), (size_t)sn) == 0;
}

bool rpy_str_startswith(rpy_str *s, rpy_str *p, Signed start, Signed end) { return tailmatch(s, false, p, start, end, false); }
bool rpy_str_endswith(rpy_str *s, rpy_str *p, Signed start, Signed end) { return tailmatch(s, false, p, start, end, true); }
bool rpy_bytes_startswith(rpy_bytes *s, rpy_bytes *p, Signed start, Signed end) { return tailmatch(s, true, p, start, end, false); }
bool rpy_bytes_endswith(rpy_bytes *s, rpy_bytes *p, Signed start, Signed end) { return tailmatch(s, true, p, start, end, true); }

rpy_str *rpy_str_removeprefix(rpy_str *s, rpy_str *p) {
    if (p->nbytes == 0 || p->nbytes > s->nbytes || memcmp(s->data, p->data, (size_t)p->nbytes) != 0) return s;
    return piece(s, false, p->nbytes, s->nbytes, s->length - p->length);
}

rpy_str *rpy_str_removesuffix(rpy_str *s, rpy_str *p) {
    if (p->nbytes == 0 || p->nbytes > s->nbytes ||
        memcmp(s->data + s->nbytes - p->nbytes, p->data, (size_t)p->nbytes) != 0)
        return s;
    return piece(s, false, 0, s->nbytes - p->nbytes, s->length - p->length);
}

/* ================================================================== maketrans, translate */

void rpy_str_maketrans(rpy_dict *d, rpy_str *x, rpy_str *y) {
    if (x->length != y->length) {
        rpy_raise_simple(RPY_EXC_ValueError, "the first two maketrans arguments must have equal length");
        return;
    }
    RPY_ROOT_PUSH(d);
    RPY_ROOT_PUSH(x);
    RPY_ROOT_PUSH(y);
    for (Signed i = 0, j = 0; i < x->nbytes;) {
        int a, b;
        UniChar cx = dec(x->data + i, &a), cy = dec(y->data + j, &b);
        i += a;
        j += b;
        rpy_dict_setitem(d, (uint64_t)cx, (uint64_t)cy);
    }
    RPY_ROOT_POP(y);
    RPY_ROOT_POP(x);
    RPY_ROOT_POP(d);
}

Signed rpy_str_maketrans_key(rpy_str *k) {
    if (!k) { rpy_raise_simple(RPY_EXC_TypeError, "keys in translate table must be strings or integers"); return 0; }
    if (k->length != 1) { rpy_raise_simple(RPY_EXC_ValueError, "string keys in translate table must be of length 1"); return 0; }
    int n;
    return (Signed)dec(k->data, &n);
}

rpy_str *rpy_str_translate(rpy_str *s, rpy_dict *table, Signed values) {
    if (!table) { rpy_raise_simple(RPY_EXC_TypeError, "'NoneType' object is not subscriptable"); return NULL; }
    /* Lookups in an int-keyed dict neither allocate nor call back: nothing moves until
     * sc_finish. */
    scratch b;
    sc_init(&b, s->nbytes);
    const char *d = s->data;
    for (Signed i = 0; i < s->nbytes;) {
        int n;
        UniChar c = dec(d + i, &n);
        Signed e = rpy_dict_lookup(table, (uint64_t)c);
        if (e < 0) {
            sc_reserve(&b, n);
            memcpy(b.buf + b.len, d + i, (size_t)n);
            b.len += n;
            b.cps++;
        } else if (values == RPY_TRANSLATE_CODEPOINTS) {
            Signed v = (Signed)rpy_dict_value_at(table, e);
            if (v < 0 || v > 0x10ffff) {
                free(b.buf);
                rpy_raise_simple(RPY_EXC_ValueError, "character mapping must be in range(0x110000)");
                return NULL;
            }
            sc_put(&b, (UniChar)v);
        } else if (values == RPY_TRANSLATE_STRS) {
            rpy_str *r = (rpy_str *)(uintptr_t)rpy_dict_value_at(table, e);
            if (r) {
                sc_reserve(&b, r->nbytes);
                memcpy(b.buf + b.len, r->data, (size_t)r->nbytes);
                b.len += r->nbytes;
                b.cps += r->length;
            }
        }   /* RPY_TRANSLATE_NONES: every value is None, which deletes */
        i += n;
    }
    return sc_finish(&b);
}

/* ================================================================== replace */

static void *replace_generic(void *o, bool isb, void *old, void *new_, Signed count) {
    if (count < 0) count = INT64_MAX;
    if (count == 0) return o;
    Signed n = ONB(o, isb), on = ONB(old, isb), nn = ONB(new_, isb);
    Signed len = OLEN(o, isb), oldlen = OLEN(old, isb), newlen = OLEN(new_, isb);
    const Signed limit = (Signed)1 << 40;
    if (on == 0) {
        Signed k = count < len + 1 ? count : len + 1;   /* insertions */
        if (nn > 0 && k > (limit - n) / nn) { rpy_raise_simple(RPY_EXC_OverflowError, "replace string is too long"); return NULL; }
        RPY_ROOT_PUSH(o);
        RPY_ROOT_PUSH(new_);
        void *r = new_obj(isb, n + k * nn, len + k * newlen);
        RPY_ROOT_POP(new_);
        RPY_ROOT_POP(o);
        const char *d = ODATA(o, isb), *nd = ODATA(new_, isb);
        char *out = ODATA(r, isb);
        Signed pos = 0;
        for (Signed i = 0; i < k; i++) {
            memcpy(out, nd, (size_t)nn);
            out += nn;
            if (pos < n) {
                int l = isb ? 1 : lead_len((unsigned char)d[pos]);
                memcpy(out, d + pos, (size_t)l);
                out += l;
                pos += l;
            }
        }
        memcpy(out, d + pos, (size_t)(n - pos));
        return r;
    }
    /* the offsets of the matches */
    Signed local[64], *at = local, cap = 64, m = 0;
    const char *d = ODATA(o, isb), *od = ODATA(old, isb);
    for (Signed pos = 0; m < count;) {
        Signed f = mem_find(d + pos, n - pos, od, on);
        if (f < 0) break;
        if (m == cap) {
            cap *= 2;
            Signed *na = at == local ? malloc((size_t)cap * sizeof *na) : realloc(at, (size_t)cap * sizeof *na);
            if (!na) out_of_memory();
            if (at == local) memcpy(na, local, sizeof local);
            at = na;
        }
        at[m++] = pos + f;
        pos += f + on;
    }
    void *r = o;
    if (m > 0) {
        if (nn > on && m > (limit - n) / (nn - on)) {
            rpy_raise_simple(RPY_EXC_OverflowError, "replace string is too long");
            r = NULL;
        } else {
            RPY_ROOT_PUSH(o);
            RPY_ROOT_PUSH(new_);
            r = new_obj(isb, n + m * (nn - on), len + m * (newlen - oldlen));
            RPY_ROOT_POP(new_);
            RPY_ROOT_POP(o);
            d = ODATA(o, isb);
            const char *nd = ODATA(new_, isb);
            char *out = ODATA(r, isb);
            Signed pos = 0;
            for (Signed i = 0; i < m; i++) {
                Signed seg = at[i] - pos;
                memcpy(out, d + pos, (size_t)seg);
                out += seg;
                memcpy(out, nd, (size_t)nn);
                out += nn;
                pos = at[i] + on;
            }
            memcpy(out, d + pos, (size_t)(n - pos));
        }
    }
    if (at != local) free(at);
    return r;
}

rpy_str *rpy_str_replace(rpy_str *s, rpy_str *old, rpy_str *new_, Signed count) { return replace_generic(s, false, old, new_, count); }
rpy_bytes *rpy_bytes_replace(rpy_bytes *s, rpy_bytes *old, rpy_bytes *new_, Signed count) { return replace_generic(s, true, old, new_, count); }

/* ================================================================== case mappings */

enum { CASE_UPPER, CASE_LOWER, CASE_FOLD, CASE_SWAP, CASE_TITLE, CASE_CAPITALIZE };

static inline bool ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static inline bool ascii_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

/* Python's final sigma rule for U+03A3 at bytes [p, p + 2) of d[0..n): a cased letter, then
 * case-ignorables, the sigma, and no case-ignorables followed by a cased letter. */
static bool final_sigma(const char *d, Signed n, Signed p) {
    Signed j = p;
    UniChar c = 0;
    bool found = false;
    while (j > 0) {
        c = dec_before(d, j, &j);
        if (!(uflags(c) & RPY_UCD_CASE_IGNORABLE)) { found = true; break; }
    }
    if (!found || !(uflags(c) & RPY_UCD_CASED)) return false;
    for (j = p + 2; j < n;) {
        int len;
        c = dec(d + j, &len);
        j += len;
        if (!(uflags(c) & RPY_UCD_CASE_IGNORABLE)) return !(uflags(c) & RPY_UCD_CASED);
    }
    return true;
}

/* lower() of the character c at byte p of d[0..n) */
static inline int lower_at(const char *d, Signed n, Signed p, UniChar c, UniChar out[3]) {
    if (c == 0x3a3) {
        out[0] = final_sigma(d, n, p) ? 0x3c2 : 0x3c3;
        return 1;
    }
    return rpy_unicode_lower_full(c, out);
}

static rpy_str *change_case(rpy_str *s, int mode) {
    Signed n = s->nbytes;
    if (rpy_str_is_ascii(s)) {
        RPY_ROOT_PUSH(s);
        rpy_str *r = new_str(n, n);
        RPY_ROOT_POP(s);
        const unsigned char *d = (const unsigned char *)s->data;
        char *out = r->data;
        bool prev_cased = false;
        switch (mode) {
        case CASE_UPPER:
            for (Signed i = 0; i < n; i++) out[i] = (char)(ascii_lower(d[i]) ? d[i] - 32 : d[i]);
            break;
        case CASE_LOWER:
        case CASE_FOLD:
            for (Signed i = 0; i < n; i++) out[i] = (char)(ascii_upper(d[i]) ? d[i] + 32 : d[i]);
            break;
        case CASE_SWAP:
            for (Signed i = 0; i < n; i++) out[i] = (char)(ascii_upper(d[i]) || ascii_lower(d[i]) ? d[i] ^ 32 : d[i]);
            break;
        case CASE_TITLE:
            for (Signed i = 0; i < n; i++) {
                unsigned char c = d[i];
                if (prev_cased) out[i] = (char)(ascii_upper(c) ? c + 32 : c);
                else out[i] = (char)(ascii_lower(c) ? c - 32 : c);
                prev_cased = ascii_upper(c) || ascii_lower(c);
            }
            break;
        default: /* CASE_CAPITALIZE */
            for (Signed i = 0; i < n; i++) {
                unsigned char c = d[i];
                if (i == 0) out[i] = (char)(ascii_lower(c) ? c - 32 : c);
                else out[i] = (char)(ascii_upper(c) ? c + 32 : c);
            }
            break;
        }
        return r;
    }
    scratch b;
    sc_init(&b, n + n / 8 + 16);
    const char *d = s->data;
    bool prev_cased = false;
    for (Signed p = 0; p < n;) {
        unsigned char c0 = (unsigned char)d[p];
        if (c0 < 0x80) {
            /* ASCII run */
            Signed q = p;
            while (q < n && (unsigned char)d[q] < 0x80) q++;
            sc_reserve(&b, q - p);
            char *out = b.buf + b.len;
            for (Signed i = p; i < q; i++) {
                unsigned char c = (unsigned char)d[i];
                bool to_upper;
                switch (mode) {
                case CASE_UPPER: to_upper = true; break;
                case CASE_SWAP: to_upper = ascii_lower(c); break;
                case CASE_TITLE: to_upper = !prev_cased; prev_cased = ascii_upper(c) || ascii_lower(c); break;
                case CASE_CAPITALIZE: to_upper = i == 0; break;
                default: to_upper = false; break;
                }
                c = to_upper ? (ascii_lower(c) ? c - 32 : c) : (ascii_upper(c) ? c + 32 : c);
                *out++ = (char)c;
            }
            b.len += q - p;
            b.cps += q - p;
            p = q;
            continue;
        }
        int len;
        UniChar c = dec(d + p, &len), m[3];
        int k;
        switch (mode) {
        case CASE_UPPER: k = rpy_unicode_upper_full(c, m); break;
        case CASE_LOWER: k = lower_at(d, n, p, c, m); break;
        case CASE_FOLD: k = rpy_unicode_fold_full(c, m); break;
        case CASE_SWAP: {
            unsigned f = uflags(c);
            if (f & RPY_UCD_UPPER) k = lower_at(d, n, p, c, m);
            else if (f & RPY_UCD_LOWER) k = rpy_unicode_upper_full(c, m);
            else { m[0] = c; k = 1; }
            break;
        }
        case CASE_TITLE:
            k = prev_cased ? lower_at(d, n, p, c, m) : rpy_unicode_title_full(c, m);
            prev_cased = (uflags(c) & RPY_UCD_CASED) != 0;
            break;
        default: /* CASE_CAPITALIZE */
            k = p == 0 ? rpy_unicode_title_full(c, m) : lower_at(d, n, p, c, m);
            break;
        }
        for (int i = 0; i < k; i++) sc_put(&b, m[i]);
        p += len;
    }
    return sc_finish(&b);
}

rpy_str *rpy_str_upper(rpy_str *s) { return change_case(s, CASE_UPPER); }
rpy_str *rpy_str_lower(rpy_str *s) { return change_case(s, CASE_LOWER); }
rpy_str *rpy_str_casefold(rpy_str *s) { return change_case(s, CASE_FOLD); }
rpy_str *rpy_str_swapcase(rpy_str *s) { return change_case(s, CASE_SWAP); }
rpy_str *rpy_str_title(rpy_str *s) { return change_case(s, CASE_TITLE); }
rpy_str *rpy_str_capitalize(rpy_str *s) { return change_case(s, CASE_CAPITALIZE); }

static rpy_str *str_of_chars(const UniChar *m, int k) {
    if (k == 1) return rpy_str_from_char(m[0]);
    char buf[12];
    int nb = 0;
    for (int i = 0; i < k; i++) nb += enc(m[i], buf + nb);
    rpy_str *r = new_str(nb, k);
    memcpy(r->data, buf, (size_t)nb);
    return r;
}

rpy_str *rpy_unichar_upper(UniChar c) {
    UniChar m[3];
    return str_of_chars(m, rpy_unicode_upper_full(c, m));
}

rpy_str *rpy_unichar_lower(UniChar c) {
    UniChar m[3];
    if (c == 0x3a3) return rpy_str_from_char(0x3c3);   /* no cased letter before it */
    return str_of_chars(m, rpy_unicode_lower_full(c, m));
}

/* ================================================================== predicates */

/* All characters have one of `flags` (false for the empty string). */
static bool all_have(rpy_str *s, unsigned flags) {
    if (s->nbytes == 0) return false;
    const char *d = s->data;
    Signed n = s->nbytes;
    for (Signed i = 0; i < n;) {
        unsigned char c = (unsigned char)d[i];
        if (c < 0x80) {
            if (!(rpy_ucd_ascii_flags[c] & flags)) return false;
            i++;
        } else {
            int len;
            if (!(rpy_ucd_lookup(dec(d + i, &len))->flags & flags)) return false;
            i += len;
        }
    }
    return true;
}

bool rpy_str_isdigit(rpy_str *s) { return all_have(s, RPY_UCD_DIGIT); }
bool rpy_str_isalpha(rpy_str *s) { return all_have(s, RPY_UCD_ALPHA); }
bool rpy_str_isalnum(rpy_str *s) { return all_have(s, F_ALNUM); }
bool rpy_str_isspace(rpy_str *s) { return all_have(s, RPY_UCD_SPACE); }
bool rpy_str_isdecimal(rpy_str *s) { return all_have(s, RPY_UCD_DECIMAL); }
bool rpy_str_isnumeric(rpy_str *s) { return all_have(s, RPY_UCD_NUMERIC); }
bool rpy_str_isprintable(rpy_str *s) { return s->nbytes == 0 || all_have(s, RPY_UCD_PRINTABLE); }
bool rpy_str_isascii(rpy_str *s) { return rpy_str_is_ascii(s); }

/* Python's islower (want = LOWER, against = UPPER) and isupper: no character of the other
 * case or titlecase, and at least one cased one. */
static bool cased_only(rpy_str *s, unsigned want, unsigned against) {
    bool cased = false;
    const char *d = s->data;
    Signed n = s->nbytes;
    for (Signed i = 0; i < n;) {
        int len;
        unsigned f = uflags(dec(d + i, &len));
        i += len;
        if (f & (against | RPY_UCD_TITLE)) return false;
        if (f & want) cased = true;
    }
    return cased;
}

bool rpy_str_islower(rpy_str *s) { return cased_only(s, RPY_UCD_LOWER, RPY_UCD_UPPER); }
bool rpy_str_isupper(rpy_str *s) { return cased_only(s, RPY_UCD_UPPER, RPY_UCD_LOWER); }

bool rpy_str_istitle(rpy_str *s) {
    bool cased = false, prev_cased = false;
    const char *d = s->data;
    for (Signed i = 0; i < s->nbytes;) {
        int len;
        unsigned f = uflags(dec(d + i, &len));
        i += len;
        if (f & (RPY_UCD_UPPER | RPY_UCD_TITLE)) {
            if (prev_cased) return false;
            prev_cased = cased = true;
        } else if (f & RPY_UCD_LOWER) {
            if (!prev_cased) return false;
            prev_cased = cased = true;
        } else {
            prev_cased = false;
        }
    }
    return cased;
}

bool rpy_str_isidentifier(rpy_str *s) {
    if (s->nbytes == 0) return false;
    const char *d = s->data;
    int len;
    UniChar c = dec(d, &len);
    if (c != '_' && !(uflags(c) & RPY_UCD_XID_START)) return false;
    for (Signed i = len; i < s->nbytes;) {
        c = dec(d + i, &len);
        i += len;
        if (!(uflags(c) & RPY_UCD_XID_CONTINUE)) return false;
    }
    return true;
}

/* ================================================================== padding, tabs, slices */

rpy_str *rpy_str_pad(rpy_str *s, Signed width, UniChar fill, Signed which) {
    if (width <= s->length) return s;
    Signed marg = width - s->length, left;
    if (which == 0) left = marg / 2 + (marg & width & 1);
    else if (which == 1) left = 0;
    else left = marg;
    Signed right = marg - left;
    char fb[4];
    int fl = enc(fill, fb);
    if (marg > (((Signed)1 << 40) - s->nbytes) / fl) { rpy_raise_simple(RPY_EXC_MemoryError, ""); return NULL; }
    RPY_ROOT_PUSH(s);
    rpy_str *r = new_str(s->nbytes + marg * fl, width);
    RPY_ROOT_POP(s);
    char *out = r->data;
    if (fl == 1) {
        memset(out, fb[0], (size_t)left);
        out += left;
    } else {
        for (Signed i = 0; i < left; i++, out += fl) memcpy(out, fb, (size_t)fl);
    }
    memcpy(out, s->data, (size_t)s->nbytes);
    out += s->nbytes;
    if (fl == 1) memset(out, fb[0], (size_t)right);
    else for (Signed i = 0; i < right; i++, out += fl) memcpy(out, fb, (size_t)fl);
    return r;
}

rpy_str *rpy_str_zfill(rpy_str *s, Signed width) {
    if (width <= s->length) return s;
    Signed fill = width - s->length;
    if (fill > ((Signed)1 << 40)) { rpy_raise_simple(RPY_EXC_MemoryError, ""); return NULL; }
    RPY_ROOT_PUSH(s);
    rpy_str *r = new_str(s->nbytes + fill, width);
    RPY_ROOT_POP(s);
    memset(r->data, '0', (size_t)fill);
    memcpy(r->data + fill, s->data, (size_t)s->nbytes);
    if (s->nbytes > 0 && (s->data[0] == '+' || s->data[0] == '-')) {
        r->data[0] = s->data[0];
        r->data[fill] = '0';
    }
    return r;
}

rpy_str *rpy_str_expandtabs(rpy_str *s, Signed tabsize) {
    const char *d = s->data;
    Signed n = s->nbytes;
    if (!memchr(d, '\t', (size_t)n)) return s;
    /* first pass: the size */
    Signed col = 0, extra = 0;   /* extra: bytes added by tabs (beyond the one of each tab) */
    for (Signed i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d[i];
        if (c == '\t') {
            if (tabsize > 0) {
                Signed incr = tabsize - col % tabsize;
                if (extra > ((Signed)1 << 40) - incr) { rpy_raise_simple(RPY_EXC_OverflowError, "new string is too long"); return NULL; }
                col += incr;
                extra += incr - 1;
            } else {
                extra -= 1;
            }
        } else if (is_lead(c)) {
            col++;
            if (c == '\n' || c == '\r') col = 0;
        }
    }
    RPY_ROOT_PUSH(s);
    rpy_str *r = new_str(n + extra, s->length + extra);
    RPY_ROOT_POP(s);
    d = s->data;
    char *out = r->data;
    col = 0;
    for (Signed i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d[i];
        if (c == '\t') {
            if (tabsize > 0) {
                Signed incr = tabsize - col % tabsize;
                memset(out, ' ', (size_t)incr);
                out += incr;
                col += incr;
            }
        } else {
            *out++ = (char)c;
            if (is_lead(c)) {
                col++;
                if (c == '\n' || c == '\r') col = 0;
            }
        }
    }
    return r;
}

/* One number of a slice's indices in a sequence of length len: 0 the first index, 1 the
 * stop, 2 the step (after CPython's adjustments). */
Signed rpy_slice_index(Signed len, Signed start, Signed stop, Signed step, bool has_start, bool has_stop, Signed which) {
    Signed count;
    if (!rpy_slice_indices(len, &start, &stop, &step, has_start, has_stop, &count)) return 0;
    return which == 0 ? start : which == 1 ? stop : step;
}

/* Python's PySlice_Unpack + PySlice_AdjustIndices: the first index, the step and the count. */
bool rpy_slice_indices(Signed len, Signed *start, Signed *stop, Signed *step, bool has_start, bool has_stop, Signed *count) {
    if (*step == 0) { rpy_raise_simple(RPY_EXC_ValueError, "slice step cannot be zero"); return false; }
    if (*step < -INT64_MAX) *step = -INT64_MAX;
    Signed st = *step;
    if (!has_start) *start = st < 0 ? INT64_MAX : 0;
    if (!has_stop) *stop = st < 0 ? INT64_MIN : INT64_MAX;
    if (*start < 0) { *start += len; if (*start < 0) *start = st < 0 ? -1 : 0; }
    else if (*start >= len) *start = st < 0 ? len - 1 : len;
    if (*stop < 0) { *stop += len; if (*stop < 0) *stop = st < 0 ? -1 : 0; }
    else if (*stop >= len) *stop = st < 0 ? len - 1 : len;
    if (st < 0) *count = *stop < *start ? (*start - *stop - 1) / (-st) + 1 : 0;
    else *count = *start < *stop ? (*stop - *start - 1) / st + 1 : 0;
    return true;
}

rpy_str *rpy_str_slice_step(rpy_str *s, Signed start, Signed stop, Signed step, bool has_start, bool has_stop) {
    Signed count;
    if (!rpy_slice_indices(s->length, &start, &stop, &step, has_start, has_stop, &count)) return NULL;
    if (count == 0) return empty_str();
    if (step == 1) {
        if (count == s->length) return s;
        Signed b0, b1;
        byte_range(s, false, start, start + count, &b0, &b1);
        return piece(s, false, b0, b1, count);
    }
    if (rpy_str_is_ascii(s)) {
        RPY_ROOT_PUSH(s);
        rpy_str *r = new_str(count, count);
        RPY_ROOT_POP(s);
        for (Signed i = 0, p = start; i < count; i++) {
            r->data[i] = s->data[p];
            if (i + 1 < count) p += step;
        }
        return r;
    }
    /* first pass: the size in bytes */
    Signed nb = 0, b = str_offset(s, start);
    const char *d = s->data;
    for (Signed i = 0; i < count; i++) {
        nb += lead_len((unsigned char)d[b]);
        if (i + 1 == count) break;
        b = step > 0 ? cp_skip(d, s->nbytes, b, step) : cp_skip_back(d, b, -step);
    }
    RPY_ROOT_PUSH(s);
    rpy_str *r = new_str(nb, count);
    RPY_ROOT_POP(s);
    d = s->data;
    b = str_offset(s, start);
    char *out = r->data;
    for (Signed i = 0; i < count; i++) {
        int l = lead_len((unsigned char)d[b]);
        memcpy(out, d + b, (size_t)l);
        out += l;
        if (i + 1 == count) break;
        b = step > 0 ? cp_skip(d, s->nbytes, b, step) : cp_skip_back(d, b, -step);
    }
    return r;
}

/* ================================================================== encodings */

static const char *codec_name(Signed codec) {
    return codec == RPY_CODEC_ASCII ? "ascii" : codec == RPY_CODEC_LATIN1 ? "latin-1" : "utf-8";
}

static void raise_encode(Signed codec, UniChar c, Signed start, Signed end, const char *reason) {
    if (end - start == 1) {
        const char *fmt = c < 0x100 ? "'%s' codec can't encode character '\\x%02x' in position %lld: %s"
                        : c < 0x10000 ? "'%s' codec can't encode character '\\u%04x' in position %lld: %s"
                                      : "'%s' codec can't encode character '\\U%08x' in position %lld: %s";
        raise_fmt(RPY_EXC_UnicodeEncodeError, fmt, codec_name(codec), (unsigned)c, (long long)start, reason);
    } else {
        raise_fmt(RPY_EXC_UnicodeEncodeError, "'%s' codec can't encode characters in position %lld-%lld: %s",
                  codec_name(codec), (long long)start, (long long)(end - 1), reason);
    }
}

static void raise_decode(Signed codec, const char *data, Signed start, Signed end, const char *reason) {
    if (end - start == 1)
        raise_fmt(RPY_EXC_UnicodeDecodeError, "'%s' codec can't decode byte 0x%02x in position %lld: %s",
                  codec_name(codec), (unsigned char)data[start], (long long)start, reason);
    else
        raise_fmt(RPY_EXC_UnicodeDecodeError, "'%s' codec can't decode bytes in position %lld-%lld: %s",
                  codec_name(codec), (long long)start, (long long)(end - 1), reason);
}

static inline bool is_surrogate(UniChar c) { return c >= 0xd800 && c <= 0xdfff; }

/* A bytes holding bytes [b0, b1) of the str s. */
static rpy_bytes *bytes_of_str(rpy_str *s, Signed b0, Signed b1) {
    RPY_ROOT_PUSH(s);
    rpy_bytes *r = rpy_bytes_alloc(b1 - b0);
    RPY_ROOT_POP(s);
    memcpy(r->data, s->data + b0, (size_t)(b1 - b0));
    return r;
}

/* Encoding with errors="ignore" (drop) or "replace" ('?') for what the codec cannot encode. */
static rpy_bytes *encode_lossy(rpy_str *s, Signed codec, bool replace) {
    UniChar limit = codec == RPY_CODEC_ASCII ? 0x80 : codec == RPY_CODEC_LATIN1 ? 0x100 : 0x110000;
    Signed n = s->nbytes, k = 0;
    char *buf = malloc((size_t)n + 1);
    if (!buf) { rpy_raise_simple(RPY_EXC_MemoryError, ""); return NULL; }
    for (Signed i = 0; i < n;) {
        int len;
        UniChar c = dec(s->data + i, &len);
        bool bad = c >= limit || is_surrogate(c);
        if (!bad && limit == 0x110000) { memcpy(buf + k, s->data + i, (size_t)len); k += len; }
        else if (!bad) buf[k++] = (char)c;
        else if (replace) buf[k++] = '?';
        i += len;
    }
    RPY_ROOT_PUSH(s);
    rpy_bytes *r = rpy_bytes_alloc(k);
    RPY_ROOT_POP(s);
    memcpy(r->data, buf, (size_t)k);
    free(buf);
    return r;
}

/* The number of an error handler named at run time: 0 strict, 1 ignore, 2 replace. */
Signed rpy_codec_error_handler(rpy_str *name) {
    static const char *names[] = {"strict", "ignore", "replace"};
    for (int i = 0; i < 3; i++)
        if (name->nbytes == (Signed)strlen(names[i]) && memcmp(name->data, names[i], (size_t)name->nbytes) == 0) return i;
    static const char *cpython_only[] = {"backslashreplace", "xmlcharrefreplace", "namereplace", "surrogateescape", "surrogatepass"};
    for (int i = 0; i < 5; i++)
        if (name->nbytes == (Signed)strlen(cpython_only[i]) && memcmp(name->data, cpython_only[i], (size_t)name->nbytes) == 0) {
            raise_fmt(RPY_EXC_NotImplementedError, "error handler '%.100s' is not supported by RPy (it has strict, ignore and replace)", name->data);
            return 0;
        }
    raise_fmt(RPY_EXC_LookupError, "unknown error handler name '%.100s'", name->data);
    return 0;
}

/* `codec` is RPY_CODEC_* + 4 * the error handler (0 strict, 1 ignore, 2 replace). */
rpy_bytes *rpy_str_encode(rpy_str *s, Signed codec) {
    Signed handler = codec >> 2;
    codec &= 3;
    if (handler) return encode_lossy(s, codec, handler == 2);
    Signed n = s->nbytes;
    if (rpy_str_is_ascii(s)) return bytes_of_str(s, 0, n);
    const char *d = s->data;
    if (codec != RPY_CODEC_ASCII && codec != RPY_CODEC_LATIN1) {
        /* UTF-8: the bytes as they are, unless there are surrogates (ED A0..BF xx) */
        for (const char *p = d; (p = memchr(p, 0xed, (size_t)(n - (p - d)))) != NULL; p += 3) {
            if ((unsigned char)p[1] < 0xa0) continue;
            Signed start = cp_count(d, p - d), end = start;
            int len;
            UniChar first = dec(p, &len);
            for (Signed q = p - d; q < n && is_surrogate(dec(d + q, &len)); q += len) end++;
            raise_encode(codec, first, start, end, "surrogates not allowed");
            return NULL;
        }
        return bytes_of_str(s, 0, n);
    }
    UniChar limit = codec == RPY_CODEC_ASCII ? 0x80 : 0x100;
    Signed index = 0;
    for (Signed i = 0; i < n; index++) {
        int len;
        UniChar c = dec(d + i, &len);
        if (c >= limit) {
            Signed end = index + 1;
            for (Signed q = i + len; q < n && dec(d + q, &len) >= limit; q += len) end++;
            raise_encode(codec, c, index, end, limit == 0x80 ? "ordinal not in range(128)" : "ordinal not in range(256)");
            return NULL;
        }
        i += len;
    }
    RPY_ROOT_PUSH(s);
    rpy_bytes *r = rpy_bytes_alloc(s->length);
    RPY_ROOT_POP(s);
    d = s->data;
    for (Signed i = 0, k = 0; i < n; k++) {
        int len;
        r->data[k] = (char)dec(d + i, &len);
        i += len;
    }
    return r;
}

/* The offset of the first byte >= 0x80 in d[0..n), or n. */
static Signed ascii_prefix(const char *d, Signed n) {
    Signed i = 0;
    for (; i + 8 <= n; i += 8)
        if (load8(d + i) & 0x8080808080808080ull) break;
    while (i < n && (unsigned char)d[i] < 0x80) i++;
    return i;
}

static inline bool cont(unsigned char c) { return (c & 0xc0) == 0x80; }

/* Validates UTF-8 as CPython's strict decoder does; returns the number of code points, or -1
 * with the error's byte range and reason in err_start, err_end and reason. */
static Signed utf8_check(const char *data, Signed n, Signed *err_start, Signed *err_end, const char **reason) {
    const unsigned char *d = (const unsigned char *)data;
    Signed i = ascii_prefix(data, n), count = i;
    while (i < n) {
        unsigned c = d[i];
        if (c < 0x80) { i++; count++; continue; }
        int need;   /* continuation bytes */
        unsigned lo = 0x80, hi = 0xbf;   /* range of the second byte */
        if (c < 0xc2) goto invalid_start;
        else if (c < 0xe0) need = 1;
        else if (c < 0xf0) { need = 2; if (c == 0xe0) lo = 0xa0; else if (c == 0xed) hi = 0x9f; }
        else if (c < 0xf5) { need = 3; if (c == 0xf0) lo = 0x90; else if (c == 0xf4) hi = 0x8f; }
        else goto invalid_start;
        for (int k = 1; k <= need; k++) {
            if (i + k >= n) {
                *err_start = i; *err_end = n; *reason = "unexpected end of data";
                return -1;
            }
            unsigned b = d[i + k];
            if (k == 1 ? (b < lo || b > hi) : !cont((unsigned char)b)) {
                *err_start = i; *err_end = i + k; *reason = "invalid continuation byte";
                return -1;
            }
        }
        i += need + 1;
        count++;
        continue;
    invalid_start:
        *err_start = i; *err_end = i + 1; *reason = "invalid start byte";
        return -1;
    }
    return count;
}

/* Decoding with errors="ignore" (drop) or "replace" (U+FFFD for each undecodable part, as
 * CPython delimits them). */
static rpy_str *decode_lossy(rpy_bytes *b, Signed codec, bool replace) {
    RPY_ROOT_PUSH(b);
    rpy_builder *sb = rpy_sb_new();
    RPY_ROOT_POP(b);
    Signed n = b->length;
    for (Signed i = 0; i < n;) {
        /* The longest good run from i, then the bad part after it. */
        Signed good_end = n, bad_end = n, cps = 0;
        if (codec == RPY_CODEC_UTF8) {
            const char *reason;
            Signed es, ee;
            cps = utf8_check(b->data + i, n - i, &es, &ee, &reason);
            if (cps < 0) { good_end = i + es; bad_end = i + ee; cps = utf8_check(b->data + i, es, &es, &ee, &reason); }
        } else {
            Signed j = i;
            while (j < n && (unsigned char)b->data[j] < 0x80) j++;
            good_end = j;
            bad_end = j < n ? j + 1 : n;
            cps = j - i;
        }
        rpy_sb_append_bytes(sb, b->data + i, good_end - i, cps);
        if (good_end < n && replace) rpy_sb_append_bytes(sb, "\xef\xbf\xbd", 3, 1);
        i = bad_end;
    }
    return rpy_sb_build(sb);
}

/* `codec` is RPY_CODEC_* + 4 * the error handler (0 strict, 1 ignore, 2 replace). */
rpy_str *rpy_bytes_decode(rpy_bytes *b, Signed codec) {
    Signed handler = codec >> 2;
    codec &= 3;
    if (handler && codec != RPY_CODEC_LATIN1) return decode_lossy(b, codec, handler == 2);
    Signed n = b->length;
    const char *d = b->data;
    Signed high = ascii_prefix(d, n), length;
    if (codec == RPY_CODEC_ASCII) {
        if (high < n) { raise_decode(codec, d, high, high + 1, "ordinal not in range(128)"); return NULL; }
        length = n;
    } else if (codec == RPY_CODEC_LATIN1) {
        Signed extra = 0;
        for (Signed i = high; i < n; i++) extra += (unsigned char)d[i] >= 0x80;
        RPY_ROOT_PUSH(b);
        rpy_str *r = new_str(n + extra, n);
        RPY_ROOT_POP(b);
        char *out = r->data;
        d = b->data;
        for (Signed i = 0; i < n; i++) out += enc((unsigned char)d[i], out);
        return r;
    } else {
        Signed es = 0, ee = 0;
        const char *reason = "";
        length = high == n ? n : utf8_check(d, n, &es, &ee, &reason);
        if (length < 0) { raise_decode(codec, d, es, ee, reason); return NULL; }
    }
    RPY_ROOT_PUSH(b);
    rpy_str *r = new_str(n, length);
    RPY_ROOT_POP(b);
    memcpy(r->data, b->data, (size_t)n);
    return r;
}

/* ================================================================== bytes */

rpy_bytes *rpy_bytes_concat(rpy_bytes *a, rpy_bytes *b) {
    RPY_ROOT_PUSH(a);
    RPY_ROOT_PUSH(b);
    rpy_bytes *r = rpy_bytes_alloc(a->length + b->length);
    RPY_ROOT_POP(b);
    RPY_ROOT_POP(a);
    memcpy(r->data, a->data, (size_t)a->length);
    memcpy(r->data + a->length, b->data, (size_t)b->length);
    return r;
}

bool rpy_bytes_eq(rpy_bytes *a, rpy_bytes *b) {
    if (a == b) return true;
    if (!a || !b) return false;
    return a->length == b->length && memcmp(a->data, b->data, (size_t)a->length) == 0;
}

Signed rpy_bytes_cmp(rpy_bytes *a, rpy_bytes *b) {
    Signed n = a->length < b->length ? a->length : b->length;
    int c = memcmp(a->data, b->data, (size_t)n);
    if (c) return c < 0 ? -1 : 1;
    return a->length < b->length ? -1 : a->length > b->length ? 1 : 0;
}

Signed rpy_bytes_hash(rpy_bytes *b) {
    if (b->hash) return b->hash;
    uint64_t h = 14695981039346656037ull;
    for (Signed i = 0; i < b->length; i++) { h ^= (unsigned char)b->data[i]; h *= 1099511628211ull; }
    Signed r = (Signed)h;
    if (r == 0 || r == -1) r = -2;
    b->hash = r;
    return r;
}

rpy_bytes *rpy_bytes_slice(rpy_bytes *b, Signed start, Signed stop, Signed step, bool has_start, bool has_stop) {
    Signed count;
    if (!rpy_slice_indices(b->length, &start, &stop, &step, has_start, has_stop, &count)) return NULL;
    RPY_ROOT_PUSH(b);
    rpy_bytes *r = rpy_bytes_alloc(count);
    RPY_ROOT_POP(b);
    if (step == 1) memcpy(r->data, b->data + start, (size_t)count);
    else {
        for (Signed i = 0, p = start; i < count; i++) {
            r->data[i] = b->data[p];
            if (i + 1 < count) p += step;
        }
    }
    return r;
}

Signed rpy_bytes_getitem(rpy_bytes *b, Signed i) {
    if (i < 0) i += b->length;
    if (RPY_UNLIKELY((Unsigned)i >= (Unsigned)b->length)) {
        rpy_raise_simple(RPY_EXC_IndexError, "index out of range");
        return 0;
    }
    return (unsigned char)b->data[i];
}

rpy_str *rpy_bytes_repr(rpy_bytes *b) {
    const unsigned char *d = (const unsigned char *)b->data;
    Signed n = b->length;
    bool sq = memchr(d, '\'', (size_t)n) != NULL, dq = memchr(d, '"', (size_t)n) != NULL;
    char quote = sq && !dq ? '"' : '\'';
    Signed size = 3;
    for (Signed i = 0; i < n; i++) {
        unsigned char c = d[i];
        size += c == (unsigned char)quote || c == '\\' || c == '\t' || c == '\n' || c == '\r' ? 2
              : c < 0x20 || c >= 0x7f ? 4 : 1;
    }
    RPY_ROOT_PUSH(b);
    rpy_str *r = new_str(size, size);
    RPY_ROOT_POP(b);
    d = (const unsigned char *)b->data;
    char *out = r->data;
    static const char hexd[] = "0123456789abcdef";
    *out++ = 'b';
    *out++ = quote;
    for (Signed i = 0; i < n; i++) {
        unsigned char c = d[i];
        if (c == (unsigned char)quote || c == '\\') { *out++ = '\\'; *out++ = (char)c; }
        else if (c == '\t') { *out++ = '\\'; *out++ = 't'; }
        else if (c == '\n') { *out++ = '\\'; *out++ = 'n'; }
        else if (c == '\r') { *out++ = '\\'; *out++ = 'r'; }
        else if (c < 0x20 || c >= 0x7f) { *out++ = '\\'; *out++ = 'x'; *out++ = hexd[c >> 4]; *out++ = hexd[c & 15]; }
        else *out++ = (char)c;
    }
    *out++ = quote;
    return r;
}

rpy_bytes *rpy_bytes_from_list(rpy_list *ints) {
    Signed n = ints->length;
    for (Signed i = 0; i < n; i++) {
        Signed v = (Signed)ints->items->items[i];
        if (v < 0 || v > 255) { rpy_raise_simple(RPY_EXC_ValueError, "bytes must be in range(0, 256)"); return NULL; }
    }
    RPY_ROOT_PUSH(ints);
    rpy_bytes *r = rpy_bytes_alloc(n);
    RPY_ROOT_POP(ints);
    for (Signed i = 0; i < n; i++) r->data[i] = (char)(Signed)ints->items->items[i];
    return r;
}

static rpy_bytes *bytes_case(rpy_bytes *b, bool upper) {
    Signed n = b->length;
    RPY_ROOT_PUSH(b);
    rpy_bytes *r = rpy_bytes_alloc(n);
    RPY_ROOT_POP(b);
    const unsigned char *d = (const unsigned char *)b->data;
    for (Signed i = 0; i < n; i++) {
        unsigned char c = d[i];
        r->data[i] = (char)(upper ? (ascii_lower(c) ? c - 32 : c) : (ascii_upper(c) ? c + 32 : c));
    }
    return r;
}

rpy_bytes *rpy_bytes_upper(rpy_bytes *b) { return bytes_case(b, true); }
rpy_bytes *rpy_bytes_lower(rpy_bytes *b) { return bytes_case(b, false); }

enum { BC_DIGIT = 1, BC_ALPHA = 2, BC_SPACE = 4 };

static inline unsigned byte_class(unsigned char c) {
    return (c >= '0' && c <= '9' ? BC_DIGIT : 0) | (ascii_upper(c) || ascii_lower(c) ? BC_ALPHA : 0) |
           (byte_space(c) ? BC_SPACE : 0);
}

static bool bytes_all(rpy_bytes *b, unsigned cls) {
    if (b->length == 0) return false;
    for (Signed i = 0; i < b->length; i++)
        if (!(byte_class((unsigned char)b->data[i]) & cls)) return false;
    return true;
}

bool rpy_bytes_isdigit(rpy_bytes *b) { return bytes_all(b, BC_DIGIT); }
bool rpy_bytes_isalpha(rpy_bytes *b) { return bytes_all(b, BC_ALPHA); }
bool rpy_bytes_isalnum(rpy_bytes *b) { return bytes_all(b, BC_ALPHA | BC_DIGIT); }
bool rpy_bytes_isspace(rpy_bytes *b) { return bytes_all(b, BC_SPACE); }

static bool bytes_cased_only(rpy_bytes *b, bool upper) {
    bool cased = false;
    for (Signed i = 0; i < b->length; i++) {
        unsigned char c = (unsigned char)b->data[i];
        if (upper ? ascii_lower(c) : ascii_upper(c)) return false;
        if (upper ? ascii_upper(c) : ascii_lower(c)) cased = true;
    }
    return cased;
}

bool rpy_bytes_isupper(rpy_bytes *b) { return bytes_cased_only(b, true); }
bool rpy_bytes_islower(rpy_bytes *b) { return bytes_cased_only(b, false); }
