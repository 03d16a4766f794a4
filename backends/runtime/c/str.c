/* Text: UTF-8 strings with their length in code points. Indexing is O(1) for ASCII
 * strings; non-ASCII strings are scanned. */
#define _GNU_SOURCE /* memmem */
#include "rpy.h"
#include "format.h"
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <math.h>

rpy_str *rpy_str_alloc(Signed nbytes, Signed length) {
    rpy_str *s = rpy_gc_malloc_varsize(RPY_TID_STR, sizeof(rpy_str), 1, nbytes + 1);
    s->nbytes = nbytes;
    s->length = length;
    s->hash = 0;
    s->index = NULL;
    return s;
}

static Signed count_codepoints(const char *s, Signed n) {
    Signed count = 0;
    for (Signed i = 0; i < n; i++) count += ((unsigned char)s[i] & 0xc0) != 0x80;
    return count;
}

rpy_str *rpy_str_from_utf8(const char *data, Signed n) {
    rpy_str *s = rpy_str_alloc(n, count_codepoints(data, n));
    memcpy(s->data, data, (size_t)n);
    return s;
}

rpy_str *rpy_str_from_ascii(const char *data, Signed n) {
    rpy_str *s = rpy_str_alloc(n, n);
    memcpy(s->data, data, (size_t)n);
    return s;
}

rpy_str *rpy_str_from_cstr(const char *data) { return rpy_str_from_utf8(data, (Signed)strlen(data)); }

rpy_str *rpy_str_concat(rpy_str *a, rpy_str *b) {
    if (a->nbytes == 0) return b;
    if (b->nbytes == 0) return a;
    RPY_ROOT_PUSH(a);
    RPY_ROOT_PUSH(b);
    rpy_str *s = rpy_str_alloc(a->nbytes + b->nbytes, a->length + b->length);
    RPY_ROOT_POP(b);
    RPY_ROOT_POP(a);
    memcpy(s->data, a->data, (size_t)a->nbytes);
    memcpy(s->data + a->nbytes, b->data, (size_t)b->nbytes);
    return s;
}

bool rpy_str_eq(rpy_str *a, rpy_str *b) {
    if (a == b) return true;
    if (!a || !b) return false;
    return a->nbytes == b->nbytes && memcmp(a->data, b->data, (size_t)a->nbytes) == 0;
}

/* UTF-8 byte order is code point order. */
Signed rpy_str_cmp(rpy_str *a, rpy_str *b) {
    Signed n = a->nbytes < b->nbytes ? a->nbytes : b->nbytes;
    int c = memcmp(a->data, b->data, (size_t)n);
    if (c) return c < 0 ? -1 : 1;
    return a->nbytes < b->nbytes ? -1 : a->nbytes > b->nbytes ? 1 : 0;
}

Signed rpy_str_hash(rpy_str *s) {
    if (s->hash) return s->hash;
    uint64_t h = 14695981039346656037ull;
    for (Signed i = 0; i < s->nbytes; i++) { h ^= (unsigned char)s->data[i]; h *= 1099511628211ull; }
    Signed r = (Signed)h;
    if (r == 0 || r == -1) r = -2;
    s->hash = r;
    return r;
}

static int encode_utf8(UniChar c, char *out) {
    if (c < 0x80) { out[0] = (char)c; return 1; }
    if (c < 0x800) { out[0] = (char)(0xc0 | (c >> 6)); out[1] = (char)(0x80 | (c & 0x3f)); return 2; }
    if (c < 0x10000) { out[0] = (char)(0xe0 | (c >> 12)); out[1] = (char)(0x80 | ((c >> 6) & 0x3f)); out[2] = (char)(0x80 | (c & 0x3f)); return 3; }
    out[0] = (char)(0xf0 | (c >> 18)); out[1] = (char)(0x80 | ((c >> 12) & 0x3f)); out[2] = (char)(0x80 | ((c >> 6) & 0x3f)); out[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

static UniChar decode_utf8(const unsigned char *p, int *len) {
    unsigned c = p[0];
    if (c < 0x80) { *len = 1; return c; }
    if (c < 0xe0) { *len = 2; return ((c & 0x1f) << 6) | (p[1] & 0x3f); }
    if (c < 0xf0) { *len = 3; return ((c & 0x0f) << 12) | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f); }
    *len = 4;
    return ((c & 0x07) << 18) | ((p[1] & 0x3f) << 12) | ((p[2] & 0x3f) << 6) | (p[3] & 0x3f);
}

/* Byte offset of code point `index` (0 <= index <= length). */
/* Skips k code points from byte offset pos. */
static Signed skip_code_points(const char *data, Signed pos, Signed k) {
    for (; k > 0; k--) {
        unsigned char c = (unsigned char)data[pos];
        pos += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    }
    return pos;
}

/* Goes back k code points from byte offset pos (UTF-8 continuation bytes are 10xxxxxx). */
static Signed skip_code_points_back(const char *data, Signed pos, Signed k) {
    for (; k > 0; k--) {
        pos--;
        while (((unsigned char)data[pos] & 0xc0) == 0x80) pos--;
    }
    return pos;
}

/* A non-ASCII string indexed by code point gets, on first use, an index: the byte offset of
 * every STR_INDEX_STEP-th code point, then the last position looked up (code point, byte),
 * so that an access scans at most STEP - 1 code points, and one just after the previous
 * (a lexer's `s[i]` with i growing) scans a few. */
#define STR_INDEX_STEP 32
#define STR_SHORT 16

/* Byte offset of code point `index` (0 <= index <= length): O(1) for ASCII strings. */
Signed rpy_str_byte_offset(rpy_str *s, Signed index) {
    if (rpy_str_is_ascii(s) || index <= 0) return index < 0 ? 0 : index;
    if (index >= s->length) return s->nbytes;
    if (s->length <= STR_SHORT) return skip_code_points(s->data, 0, index);
    Signed n = s->length / STR_INDEX_STEP + 1;
    if (!s->index) {
        RPY_ROOT_PUSH(s);
        rpy_slots *ix = rpy_gc_malloc_varsize(RPY_TID_SLOTS_RAW, sizeof(rpy_slots), 8, n + 2);
        RPY_ROOT_POP(s);
        ix->length = n + 2;
        Signed pos = 0;
        for (Signed k = 0; k < n; k++) {
            ix->items[k] = (uint64_t)pos;
            if (k + 1 < n) pos = skip_code_points(s->data, pos, STR_INDEX_STEP);
        }
        ix->items[n] = 0;
        ix->items[n + 1] = 0;
        RPY_WB(s);
        s->index = ix;
    }
    /* From the nearest known position: the last one looked up, or a mark of the index. */
    uint64_t *ix = s->index->items;
    Signed last = (Signed)ix[n], k = index / STR_INDEX_STEP, pos;
    Signed from_mark = index - k * STR_INDEX_STEP, from_last = index > last ? index - last : last - index;
    if (from_last < from_mark) {
        pos = index >= last ? skip_code_points(s->data, (Signed)ix[n + 1], from_last) : skip_code_points_back(s->data, (Signed)ix[n + 1], from_last);
    } else if (k + 1 < n && (k + 1) * STR_INDEX_STEP - index < from_mark) {
        pos = skip_code_points_back(s->data, (Signed)ix[k + 1], (k + 1) * STR_INDEX_STEP - index);
    } else {
        pos = skip_code_points(s->data, (Signed)ix[k], from_mark);
    }
    ix[n] = (uint64_t)index;
    ix[n + 1] = (uint64_t)pos;
    return pos;
}

static Signed byte_offset(rpy_str *s, Signed index) { return rpy_str_byte_offset(s, index); }

rpy_str *rpy_one_char[256];   /* a cache of one-character strings: GC roots (gc_gen.c) */

rpy_str *rpy_str_from_char(UniChar c) {
    if (c < 256 && rpy_one_char[c]) return rpy_one_char[c];
    char buf[4];
    int n = encode_utf8(c, buf);
    rpy_str *s = rpy_str_alloc(n, 1);
    memcpy(s->data, buf, (size_t)n);
    if (c < 256) rpy_one_char[c] = s;
    return s;
}

/* The code point starting at byte offset pos (iteration keeps byte offsets). */
UniChar rpy_str_decode_at(rpy_str *s, Signed pos) {
    int len;
    return decode_utf8((const unsigned char *)s->data + pos, &len);
}

UniChar rpy_str_char_at(rpy_str *s, Signed index) {
    if (index < 0 || index >= s->length) return 0;
    if (rpy_str_is_ascii(s)) return (unsigned char)s->data[index];
    int len;
    return decode_utf8((const unsigned char *)s->data + byte_offset(s, index), &len);
}

UniChar rpy_str_getitem(rpy_str *s, Signed index) {
    if (index < 0) index += s->length;
    if (RPY_UNLIKELY((Unsigned)index >= (Unsigned)s->length)) {
        rpy_raise_simple(RPY_EXC_IndexError, "string index out of range");
        return 0;
    }
    return rpy_str_char_at(s, index);
}

rpy_str *rpy_str_from_int(Signed v) {
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
    return rpy_str_from_ascii(buf, n);
}

rpy_str *rpy_str_from_uint(Unsigned v) {
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
    return rpy_str_from_ascii(buf, n);
}

/* Prebuilt, as the strings of generated code: no collector ever moves or frees them. */
static struct { rpy_hdr hdr; Signed length, nbytes, hash; void *index; char data[5]; } true_str = {
    { RPY_TID_STR, RPY_GCFLAGS_PREBUILT }, 4, 4, 0, NULL, "True" };
static struct { rpy_hdr hdr; Signed length, nbytes, hash; void *index; char data[6]; } false_str = {
    { RPY_TID_STR, RPY_GCFLAGS_PREBUILT }, 5, 5, 0, NULL, "False" };

rpy_str *rpy_str_from_bool(bool v) { return v ? (rpy_str *)(void *)&true_str : (rpy_str *)(void *)&false_str; }

rpy_str *rpy_int_to_base_str(Signed v, Signed base, bool prefix) { return rpy_int_to_base(v, (int)base, prefix); }

static bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static void raise_invalid(const char *what, rpy_str *s, Signed base) {
    rpy_str *r = rpy_str_repr(s);
    char head[96];
    if (base >= 0) snprintf(head, sizeof head, "invalid literal for int() with base %lld: ", (long long)base);
    else snprintf(head, sizeof head, "%s", what);
    rpy_str *h = rpy_str_from_cstr(head);
    rpy_raise_str(RPY_EXC_ValueError, rpy_str_concat(h, r));
}

/* The text int() and float() parse: as CPython does, Unicode whitespace becomes ' ', Unicode
 * decimal digits become ASCII digits, and any other non-ASCII character becomes '?' (which
 * no parser accepts). ASCII text is returned as is. */
static rpy_str *numeric_ascii(rpy_str *s) {
    if (s->length == s->nbytes) return s;
    RPY_ROOT_PUSH(s);
    rpy_str *a = rpy_str_alloc(s->length, s->length);
    RPY_ROOT_POP(s);
    Signed j = 0;
    for (Signed i = 0; i < s->nbytes;) {
        int len;
        UniChar c = decode_utf8((const unsigned char *)s->data + i, &len);
        Signed d = c < 0x80 ? -1 : rpy_unicode_decimal(c);
        a->data[j++] = c < 0x80 ? (char)c : d >= 0 ? (char)('0' + d) : rpy_unicode_isspace(c) ? ' ' : '?';
        i += len;
    }
    return a;
}

Signed rpy_str_to_int(rpy_str *orig, Signed base) {
    RPY_ROOT_PUSH(orig);
    rpy_str *s = numeric_ascii(orig);
    RPY_ROOT_POP(orig);
    const char *p = s->data, *end = s->data + s->nbytes;
    Signed orig_base = base;
    if (base != 0 && (base < 2 || base > 36)) { rpy_raise_simple(RPY_EXC_ValueError, "int() base must be >= 2 and <= 36, or 0"); return 0; }
    while (p < end && is_space((unsigned char)*p)) p++;
    while (end > p && is_space((unsigned char)end[-1])) end--;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-')) { neg = *p == '-'; p++; }
    if (end - p >= 2 && p[0] == '0') {
        char x = (char)(p[1] | 0x20);
        int pb = x == 'x' ? 16 : x == 'o' ? 8 : x == 'b' ? 2 : 0;
        if (pb && (base == 0 || base == pb)) { base = pb; p += 2; if (p < end && *p == '_') p++; }
    }
    if (base == 0) {
        base = 10;
        /* Python rejects leading zeros in base 0 ("010"), but accepts "0", "00". */
        if (end - p > 1 && p[0] == '0') {
            for (const char *q = p; q < end; q++) if (*q != '0' && *q != '_') { raise_invalid("", orig, orig_base); return 0; }
        }
    }
    if (p == end) { raise_invalid("", orig, orig_base); return 0; }
    Unsigned acc = 0;
    bool overflow = false, prev_digit = false;
    for (; p < end; p++) {
        char c = *p;
        int d;
        if (c == '_') { if (!prev_digit || p + 1 == end) { raise_invalid("", orig, orig_base); return 0; } prev_digit = false; continue; }
        if (c >= '0' && c <= '9') d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') d = (c | 0x20) - 'a' + 10;
        else { raise_invalid("", orig, orig_base); return 0; }
        if (d >= base) { raise_invalid("", orig, orig_base); return 0; }
        prev_digit = true;
        if (acc > (UINT64_MAX - (Unsigned)d) / (Unsigned)base) overflow = true;
        acc = acc * (Unsigned)base + (Unsigned)d;
    }
    if (overflow || acc > (Unsigned)INT64_MAX + (neg ? 1 : 0)) {
        rpy_raise_simple(RPY_EXC_OverflowError, "int too large to convert to a 64-bit RPy int");
        return 0;
    }
    return neg ? (Signed)(0 - acc) : (Signed)acc;
}

Float rpy_str_to_float(rpy_str *orig) {
    RPY_ROOT_PUSH(orig);
    rpy_str *s = numeric_ascii(orig);
    RPY_ROOT_POP(orig);
    const char *p = s->data, *end = s->data + s->nbytes;
    while (p < end && is_space((unsigned char)*p)) p++;
    while (end > p && is_space((unsigned char)end[-1])) end--;
    char buf[128];
    Signed n = 0;
    bool ok = p < end && end - p < (Signed)sizeof buf;
    bool prev_digit = false;
    for (const char *q = p; ok && q < end; q++) {
        if (*q == '_') {
            ok = prev_digit && q + 1 < end && q[1] >= '0' && q[1] <= '9';
            prev_digit = false;
            continue;
        }
        prev_digit = *q >= '0' && *q <= '9';
        if (!(prev_digit || *q == '.' || *q == 'e' || *q == 'E' || *q == '+' || *q == '-' || ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z'))) ok = false;
        buf[n++] = *q;
    }
    if (ok) {
        buf[n] = 0;
        const char *b = buf;
        bool neg = false;
        if (*b == '+' || *b == '-') { neg = *b == '-'; b++; }
        if (!strcasecmp(b, "inf") || !strcasecmp(b, "infinity")) return neg ? -INFINITY : INFINITY;
        if (!strcasecmp(b, "nan")) return neg ? -NAN : NAN;
        bool has_digit = false;
        for (const char *q = b; *q; q++) {
            if (*q >= '0' && *q <= '9') has_digit = true;
            else if (!(*q == '.' || *q == 'e' || *q == 'E' || *q == '+' || *q == '-')) ok = false;
        }
        if (ok && has_digit && (*b != 'e' && *b != 'E')) {
            char *stop;
            errno = 0;
            double v = strtod(buf, &stop);
            if (*stop == 0) return v;
        }
    }
    RPY_ROOT_PUSH(orig);
    rpy_str *h = rpy_str_from_cstr("could not convert string to float: ");
    RPY_ROOT_POP(orig);
    rpy_raise_str(RPY_EXC_ValueError, rpy_str_concat(h, rpy_str_repr(orig)));
    return 0.0;
}

rpy_str *rpy_str_mul(rpy_str *s, Signed n) {
    if (n <= 0 || s->nbytes == 0) return rpy_str_from_ascii("", 0);
    if (s->nbytes > ((Signed)1 << 40) / n) { rpy_raise_simple(RPY_EXC_MemoryError, ""); return s; }
    RPY_ROOT_PUSH(s);
    rpy_str *r = rpy_str_alloc(s->nbytes * n, s->length * n);
    RPY_ROOT_POP(s);
    for (Signed i = 0; i < n; i++) memcpy(r->data + i * s->nbytes, s->data, (size_t)s->nbytes);
    return r;
}

/* s[start:stop] with Python's clamping of negative and out-of-range bounds. */
rpy_str *rpy_str_slice(rpy_str *s, Signed start, Signed stop, bool has_start, bool has_stop) {
    Signed n = s->length;
    if (!has_start) start = 0;
    else if (start < 0) { start += n; if (start < 0) start = 0; }
    else if (start > n) start = n;
    if (!has_stop) stop = n;
    else if (stop < 0) { stop += n; if (stop < 0) stop = 0; }
    else if (stop > n) stop = n;
    if (stop <= start) return rpy_str_from_ascii("", 0);
    if (start == 0 && stop == n) return s;
    Signed b0 = byte_offset(s, start);
    /* A short slice: its end is found faster from its start than through the index. */
    Signed b1 = !rpy_str_is_ascii(s) && stop - start < STR_INDEX_STEP ? skip_code_points(s->data, b0, stop - start) : byte_offset(s, stop);
    RPY_ROOT_PUSH(s);
    rpy_str *r = rpy_str_alloc(b1 - b0, stop - start);
    RPY_ROOT_POP(s);
    memcpy(r->data, s->data + b0, (size_t)(b1 - b0));
    return r;
}

bool rpy_str_contains(rpy_str *s, rpy_str *part) {
    if (part->nbytes == 0) return true;
    if (part->nbytes > s->nbytes) return false;
    return memmem(s->data, (size_t)s->nbytes, part->data, (size_t)part->nbytes) != NULL;
}

/* Python's repr of text: quotes and escapes. */
static void repr_into(rpy_builder *sb, const char *data, Signed n, bool is_char_quote_choice) {
    (void)is_char_quote_choice;
    bool has_single = memchr(data, '\'', (size_t)n) != NULL, has_double = memchr(data, '"', (size_t)n) != NULL;
    char quote = has_single && !has_double ? '"' : '\'';
    char tmp[16];
    rpy_sb_append_bytes(sb, &quote, 1, 1);
    for (Signed i = 0; i < n;) {
        int len;
        UniChar c = decode_utf8((const unsigned char *)data + i, &len);
        if (c == (UniChar)quote || c == '\\') { tmp[0] = '\\'; tmp[1] = (char)c; rpy_sb_append_bytes(sb, tmp, 2, 2); }
        else if (c == '\n') rpy_sb_append_bytes(sb, "\\n", 2, 2);
        else if (c == '\r') rpy_sb_append_bytes(sb, "\\r", 2, 2);
        else if (c == '\t') rpy_sb_append_bytes(sb, "\\t", 2, 2);
        else if (!rpy_unicode_isprintable(c)) {
            int m = c < 0x100 ? snprintf(tmp, sizeof tmp, "\\x%02x", c)
                  : c < 0x10000 ? snprintf(tmp, sizeof tmp, "\\u%04x", c) : snprintf(tmp, sizeof tmp, "\\U%08x", c);
            rpy_sb_append_bytes(sb, tmp, m, m);
        } else rpy_sb_append_bytes(sb, data + i, len, 1);
        i += len;
    }
    rpy_sb_append_bytes(sb, &quote, 1, 1);
}

rpy_str *rpy_str_repr(rpy_str *s) {
    RPY_ROOT_PUSH(s);
    rpy_builder *sb = rpy_sb_new();
    RPY_ROOT_POP(s);
    repr_into(sb, s->data, s->nbytes, true);
    return rpy_sb_build(sb);
}

rpy_str *rpy_char_repr(UniChar c) {
    char buf[4];
    int n = encode_utf8(c, buf);
    rpy_builder *sb = rpy_sb_new();
    repr_into(sb, buf, n, true);
    return rpy_sb_build(sb);
}

Signed rpy_str_ord(rpy_str *s) {
    if (s->length != 1) {
        char msg[96];
        snprintf(msg, sizeof msg, "ord() expected a character, but string of length %lld found", (long long)s->length);
        rpy_raise_simple(RPY_EXC_TypeError, msg);
        return 0;
    }
    return rpy_str_char_at(s, 0);
}

UniChar rpy_chr(Signed v) {
    if (v < 0 || v > 0x10ffff) { rpy_raise_simple(RPY_EXC_ValueError, "chr() arg not in range(0x110000)"); return 0; }
    return (UniChar)v;
}

rpy_str *rpy_default_repr(rpy_object *obj) {
    char buf[160];
    rpy_str *name = obj->typeptr->name, *module = obj->typeptr->module;
    int n = snprintf(buf, sizeof buf, "<%.*s%s%.*s object at %p>", (int)(module ? module->nbytes : 0), module ? module->data : "",
                     module ? "." : "", (int)(name ? name->nbytes : 0), name ? name->data : "", (void *)obj);
    return rpy_str_from_utf8(buf, n);
}

/* ------------------------------------------------------------------ builders */

rpy_builder *rpy_sb_new(void) {
    rpy_builder *sb = rpy_gc_malloc(RPY_TID_BUILDER, sizeof(rpy_builder));
    RPY_ROOT_PUSH(sb);
    rpy_bytes *buf = rpy_gc_malloc_varsize(RPY_TID_BYTES, sizeof(rpy_bytes), 1, 64 + 1);
    RPY_ROOT_POP(sb);
    buf->length = 64;
    sb->buf = buf;
    return sb;
}

void rpy_sb_append_bytes(rpy_builder *sb, const char *data, Signed n, Signed ncodepoints) {
    if (sb->nbytes + n > sb->buf->length) {
        Signed cap = sb->buf->length * 2;
        if (cap < sb->nbytes + n) cap = sb->nbytes + n;
        RPY_ROOT_PUSH(sb);
        rpy_bytes *nb = rpy_gc_malloc_varsize(RPY_TID_BYTES, sizeof(rpy_bytes), 1, cap + 1);
        RPY_ROOT_POP(sb);
        nb->length = cap;
        memcpy(nb->data, sb->buf->data, (size_t)sb->nbytes);
        RPY_WB(sb);
        sb->buf = nb;
    }
    memcpy(sb->buf->data + sb->nbytes, data, (size_t)n);
    sb->nbytes += n;
    sb->length += ncodepoints;
}

void rpy_sb_append(rpy_builder *sb, rpy_str *s) { rpy_sb_append_bytes(sb, s->data, s->nbytes, s->length); }

void rpy_sb_append_char(rpy_builder *sb, UniChar c) {
    char buf[4];
    int n = encode_utf8(c, buf);
    rpy_sb_append_bytes(sb, buf, n, 1);
}

rpy_str *rpy_sb_build(rpy_builder *sb) {
    RPY_ROOT_PUSH(sb);
    rpy_str *s = rpy_str_alloc(sb->nbytes, sb->length);
    RPY_ROOT_POP(sb);
    memcpy(s->data, sb->buf->data, (size_t)sb->nbytes);
    return s;
}
