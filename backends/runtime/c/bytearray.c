/* bytearray (see bytearray.h), and the bytes methods text.c does not have. */
#include "rpy.h"
#include <stdarg.h>
#include <stdio.h>

#define P2U(p) ((uint64_t)(uintptr_t)(p))
#define U2P(t, v) ((t)(uintptr_t)(v))

/* Larger sizes are a MemoryError (as in text.c). */
#define SIZE_LIMIT ((Signed)1 << 40)

static void raise_fmt(Signed kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void raise_fmt(Signed kind, const char *fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    rpy_raise_simple(kind, buf);
}

static bool check_byte(Signed v) {
    if (RPY_LIKELY((Unsigned)v < 256)) return true;
    rpy_raise_simple(RPY_EXC_ValueError, "byte must be in range(0, 256)");
    return false;
}

static bool check_size(Signed n) {
    if (RPY_LIKELY(n <= SIZE_LIMIT)) return true;
    rpy_raise_simple(RPY_EXC_MemoryError, "");
    return false;
}

/* Python's Py_ISSPACE: space, \t \n \v \f \r. */
static inline bool byte_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static inline bool byte_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static inline bool byte_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

/* A new bytes holding b[i, j). */
static rpy_bytes *sub(rpy_bytes *b, Signed i, Signed j) {
    RPY_ROOT_PUSH(b);
    rpy_bytes *r = rpy_bytes_alloc(j - i);
    RPY_ROOT_POP(b);
    memcpy(r->data, b->data + i, (size_t)(j - i));
    return r;
}

/* ================================================================== bytearray */

static rpy_bytearray *ba_alloc(Signed length, Signed capacity) {
    rpy_bytearray *a = rpy_gc_malloc(RPY_TID_BYTEARRAY, sizeof(rpy_bytearray));
    RPY_ROOT_PUSH(a);
    rpy_bytes *buf = rpy_bytes_alloc(capacity);
    RPY_ROOT_POP(a);
    a->buf = buf;
    a->length = length;
    return a;
}

/* Makes room for n bytes; false (MemoryError raised) if n is too large. The capacity grows by
 * an eighth more than needed, so appending is amortized O(1). */
static bool reserve(rpy_bytearray *a, Signed n) {
    if (n <= a->buf->length) return true;
    if (!check_size(n)) return false;
    Signed cap = n + (n >> 3) + (n < 9 ? 3 : 6);
    RPY_ROOT_PUSH(a);
    rpy_bytes *nb = rpy_bytes_alloc(cap);
    RPY_ROOT_POP(a);
    memcpy(nb->data, a->buf->data, (size_t)a->length);
    RPY_WB(a);
    a->buf = nb;
    return true;
}

rpy_bytearray *rpy_bytearray_new(Signed n) {
    if (n < 0) { rpy_raise_simple(RPY_EXC_ValueError, "negative count"); return NULL; }
    if (!check_size(n)) return NULL;
    rpy_bytearray *a = ba_alloc(n, n);
    memset(a->buf->data, 0, (size_t)n);
    return a;
}

static rpy_bytearray *ba_of(const rpy_bytes *buf, Signed n) {
    RPY_ROOT_PUSH(buf);
    rpy_bytearray *a = ba_alloc(n, n);
    RPY_ROOT_POP(buf);
    memcpy(a->buf->data, buf->data, (size_t)n);
    return a;
}

rpy_bytearray *rpy_bytearray_from_bytes(rpy_bytes *b) { return ba_of(b, b->length); }
rpy_bytearray *rpy_bytearray_copy(rpy_bytearray *a) { return ba_of(a->buf, a->length); }

rpy_bytes *rpy_bytearray_to_bytes(rpy_bytearray *a) {
    RPY_ROOT_PUSH(a);
    rpy_bytes *r = rpy_bytes_alloc(a->length);
    RPY_ROOT_POP(a);
    memcpy(r->data, a->buf->data, (size_t)a->length);
    return r;
}

rpy_bytes *rpy_bytearray_ints_to_bytes(rpy_list *ints) {
    for (Signed i = 0; i < ints->length; i++)
        if (!check_byte((Signed)ints->items->items[i])) return NULL;
    return rpy_bytes_from_list(ints);
}

rpy_list *rpy_bytearray_list_of(rpy_list *l) {
    RPY_ROOT_PUSH(l);
    for (Signed i = 0; i < l->length; i++) {
        rpy_bytearray *a = rpy_bytearray_from_bytes(U2P(rpy_bytes *, l->items->items[i]));
        RPY_WB_ITEM(l->items, i);
        l->items->items[i] = P2U(a);
    }
    RPY_ROOT_POP(l);
    return l;
}

/* The position of index i (negative: from the end), or -1 (IndexError raised). */
static Signed ba_index(rpy_bytearray *a, Signed i) {
    if (i < 0) i += a->length;
    if (RPY_UNLIKELY((Unsigned)i >= (Unsigned)a->length)) {
        rpy_raise_simple(RPY_EXC_IndexError, "bytearray index out of range");
        return -1;
    }
    return i;
}

Signed rpy_bytearray_getitem(rpy_bytearray *a, Signed i) {
    i = ba_index(a, i);
    return i < 0 ? 0 : (unsigned char)a->buf->data[i];
}

void rpy_bytearray_setitem(rpy_bytearray *a, Signed i, Signed v) {
    /* the value is checked first, as CPython does */
    if (!check_byte(v)) return;
    i = ba_index(a, i);
    if (i >= 0) a->buf->data[i] = (char)v;
}

void rpy_bytearray_delitem(rpy_bytearray *a, Signed i) {
    i = ba_index(a, i);
    if (i < 0) return;
    memmove(a->buf->data + i, a->buf->data + i + 1, (size_t)(a->length - i - 1));
    a->length--;
}

void rpy_bytearray_append(rpy_bytearray *a, Signed v) {
    if (!check_byte(v) || !reserve(a, a->length + 1)) return;
    a->buf->data[a->length++] = (char)v;
}

void rpy_bytearray_extend(rpy_bytearray *a, rpy_bytes *b) {
    RPY_ROOT_PUSH(b);
    bool ok = reserve(a, a->length + b->length);
    RPY_ROOT_POP(b);
    if (!ok) return;
    memcpy(a->buf->data + a->length, b->data, (size_t)b->length);
    a->length += b->length;
}

Signed rpy_bytearray_pop(rpy_bytearray *a, Signed i) {
    if (a->length == 0) { rpy_raise_simple(RPY_EXC_IndexError, "pop from empty bytearray"); return 0; }
    if (i < 0) i += a->length;
    if ((Unsigned)i >= (Unsigned)a->length) { rpy_raise_simple(RPY_EXC_IndexError, "pop index out of range"); return 0; }
    Signed v = (unsigned char)a->buf->data[i];
    memmove(a->buf->data + i, a->buf->data + i + 1, (size_t)(a->length - i - 1));
    a->length--;
    return v;
}

void rpy_bytearray_insert(rpy_bytearray *a, Signed i, Signed v) {
    if (!check_byte(v) || !reserve(a, a->length + 1)) return;
    if (i < 0) { i += a->length; if (i < 0) i = 0; }
    if (i > a->length) i = a->length;
    memmove(a->buf->data + i + 1, a->buf->data + i, (size_t)(a->length - i));
    a->buf->data[i] = (char)v;
    a->length++;
}

void rpy_bytearray_remove(rpy_bytearray *a, Signed v) {
    if (!check_byte(v)) return;
    const char *p = memchr(a->buf->data, (int)v, (size_t)a->length);
    if (!p) { rpy_raise_simple(RPY_EXC_ValueError, "value not found in bytearray"); return; }
    rpy_bytearray_delitem(a, p - a->buf->data);
}

void rpy_bytearray_reverse(rpy_bytearray *a) {
    char *d = a->buf->data;
    for (Signed i = 0, j = a->length - 1; i < j; i++, j--) {
        char t = d[i];
        d[i] = d[j];
        d[j] = t;
    }
}

void rpy_bytearray_clear(rpy_bytearray *a) { a->length = 0; }

rpy_bytearray *rpy_bytearray_slice(rpy_bytearray *a, Signed start, Signed stop, Signed step, bool has_start, bool has_stop) {
    Signed count;
    if (!rpy_slice_indices(a->length, &start, &stop, &step, has_start, has_stop, &count)) return NULL;
    RPY_ROOT_PUSH(a);
    rpy_bytearray *r = ba_alloc(count, count);
    RPY_ROOT_POP(a);
    for (Signed i = 0, p = start; i < count; i++, p += step) r->buf->data[i] = a->buf->data[p];
    return r;
}

/* As CPython's bytearray_ass_subscript: a step of 1 replaces the range (resizing); another
 * step needs as many bytes as the slice has, except that assigning nothing deletes. */
void rpy_bytearray_setslice(rpy_bytearray *a, Signed start, Signed stop, Signed step, bool has_start, bool has_stop, rpy_bytes *src) {
    Signed count;
    if (!rpy_slice_indices(a->length, &start, &stop, &step, has_start, has_stop, &count)) return;
    Signed needed = src ? src->length : 0, n = a->length;
    /* a[5:2] = ... inserts before 5 */
    if ((step < 0 && start < stop) || (step > 0 && start > stop)) stop = start;
    if (step == 1) {
        Signed growth = needed - (stop - start);
        if (growth > 0) {
            RPY_ROOT_PUSH(src);
            bool ok = reserve(a, n + growth);
            RPY_ROOT_POP(src);
            if (!ok) return;
        }
        char *d = a->buf->data;
        memmove(d + stop + growth, d + stop, (size_t)(n - stop));
        if (needed) memcpy(d + start, src->data, (size_t)needed);
        a->length = n + growth;
        return;
    }
    char *d = a->buf->data;
    if (needed == 0) {
        if (count == 0) return;
        if (step < 0) {
            start += step * (count - 1);
            step = -step;
        }
        Signed w = start;
        for (Signed r = start, k = 0; r < n; r++) {
            if (k < count && r == start + k * step) k++;
            else d[w++] = d[r];
        }
        a->length = w;
        return;
    }
    if (needed != count) {
        raise_fmt(RPY_EXC_ValueError, "attempt to assign bytes of size %lld to extended slice of size %lld", (long long)needed, (long long)count);
        return;
    }
    for (Signed i = 0, p = start; i < count; i++, p += step) d[p] = src->data[i];
}

/* bytearray(b'...'): the repr of the bytes, except that CPython escapes ' also between double
 * quotes here. */
rpy_str *rpy_bytearray_repr(rpy_bytearray *a) {
    rpy_str *r = rpy_bytes_repr(rpy_bytearray_to_bytes(a));
    Signed n = r->nbytes, extra = 0;
    if (r->data[1] == '"')
        for (Signed i = 2; i < n - 1; i++) extra += r->data[i] == '\'';
    RPY_ROOT_PUSH(r);
    rpy_str *out = rpy_str_alloc(n + extra + 11, n + extra + 11);
    RPY_ROOT_POP(r);
    char *p = out->data;
    memcpy(p, "bytearray(", 10);
    p += 10;
    for (Signed i = 0; i < n; i++) {
        if (extra && i > 1 && i < n - 1 && r->data[i] == '\'') *p++ = '\\';
        *p++ = r->data[i];
    }
    *p++ = ')';
    *p = '\0';
    return out;
}

/* ================================================================== more bytes methods */

rpy_bytes *rpy_bytes_zeros(Signed n) {
    if (n < 0) { rpy_raise_simple(RPY_EXC_ValueError, "negative count"); return NULL; }
    if (!check_size(n)) return NULL;
    rpy_bytes *r = rpy_bytes_alloc(n);
    memset(r->data, 0, (size_t)n);
    return r;
}

rpy_bytes *rpy_bytes_of_byte(Signed v) {
    if (!check_byte(v)) return NULL;
    rpy_bytes *r = rpy_bytes_alloc(1);
    r->data[0] = (char)v;
    return r;
}

bool rpy_bytes_contains_byte(rpy_bytes *b, Signed v) {
    return check_byte(v) && memchr(b->data, (int)v, (size_t)b->length) != NULL;
}

rpy_bytes *rpy_bytes_mul(rpy_bytes *b, Signed n) {
    if (n <= 0 || b->length == 0) return rpy_bytes_alloc(0);
    if (b->length > SIZE_LIMIT / n) { rpy_raise_simple(RPY_EXC_MemoryError, ""); return NULL; }
    RPY_ROOT_PUSH(b);
    rpy_bytes *r = rpy_bytes_alloc(b->length * n);
    RPY_ROOT_POP(b);
    for (Signed i = 0; i < n; i++) memcpy(r->data + i * b->length, b->data, (size_t)b->length);
    return r;
}

/* hex(sep, bytes_per_sep): sep every |bytes_per_sep| bytes, counted from the right when it
 * is positive, from the left when negative. */
rpy_str *rpy_bytes_hex(rpy_bytes *b, rpy_bytes *sep, Signed per) {
    static const char hexd[] = "0123456789abcdef";
    char sc = 0;
    if (sep) {
        if (sep->length != 1) { rpy_raise_simple(RPY_EXC_ValueError, "sep must be length 1."); return NULL; }
        sc = sep->data[0];
        if ((unsigned char)sc >= 0x80) { rpy_raise_simple(RPY_EXC_ValueError, "sep must be ASCII."); return NULL; }
    }
    Signed n = b->length, group = per < 0 ? -per : per;
    Signed nseps = sep && group > 0 && n > 0 ? (n - 1) / group : 0;
    if (!check_size(n)) return NULL;
    Signed size = 2 * n + nseps;
    RPY_ROOT_PUSH(b);
    rpy_str *r = rpy_str_alloc(size, size);
    RPY_ROOT_POP(b);
    char *out = r->data;
    for (Signed i = 0; i < n; i++) {
        if (i > 0 && nseps && (per > 0 ? n - i : i) % group == 0) *out++ = sc;
        unsigned char c = (unsigned char)b->data[i];
        *out++ = hexd[c >> 4];
        *out++ = hexd[c & 15];
    }
    *out = '\0';
    return r;
}

static int hex_value(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Pairs of hex digits, with whitespace between pairs. As in CPython, a str that is not ASCII
 * fails at its first non-ASCII character. */
rpy_bytes *rpy_bytes_fromhex(rpy_str *s) {
    const unsigned char *d = (const unsigned char *)s->data;
    Signed n = s->nbytes, count = 0, i = 0;
    bool bad = !rpy_str_is_ascii(s);
    if (bad)
        while (d[i] < 0x80) i++;
    while (!bad && i < n) {
        if (byte_space(d[i])) { i++; continue; }
        if (hex_value(d[i]) < 0) { bad = true; break; }
        if (i + 1 >= n || hex_value(d[i + 1]) < 0) { i++; bad = true; break; }
        i += 2;
        count++;
    }
    if (bad) {
        raise_fmt(RPY_EXC_ValueError, "non-hexadecimal number found in fromhex() arg at position %lld", (long long)i);
        return NULL;
    }
    RPY_ROOT_PUSH(s);
    rpy_bytes *r = rpy_bytes_alloc(count);
    RPY_ROOT_POP(s);
    d = (const unsigned char *)s->data;
    for (Signed k = 0, j = 0; k < count; j++) {
        if (byte_space(d[j])) continue;
        r->data[k++] = (char)(hex_value(d[j]) * 16 + hex_value(d[j + 1]));
        j++;
    }
    return r;
}

enum { RECASE_TITLE, RECASE_CAPITALIZE, RECASE_SWAP };

static rpy_bytes *recase(rpy_bytes *b, int mode) {
    Signed n = b->length;
    RPY_ROOT_PUSH(b);
    rpy_bytes *r = rpy_bytes_alloc(n);
    RPY_ROOT_POP(b);
    bool prev_cased = false;
    for (Signed i = 0; i < n; i++) {
        unsigned char c = (unsigned char)b->data[i];
        bool up = byte_upper(c), low = byte_lower(c);
        switch (mode) {
        case RECASE_TITLE:
            if (low && !prev_cased) c -= 32;
            else if (up && prev_cased) c += 32;
            prev_cased = up || low;
            break;
        case RECASE_CAPITALIZE:
            if (i == 0 ? low : up) c ^= 32;
            break;
        default:
            if (up || low) c ^= 32;
            break;
        }
        r->data[i] = (char)c;
    }
    return r;
}

rpy_bytes *rpy_bytes_title(rpy_bytes *b) { return recase(b, RECASE_TITLE); }
rpy_bytes *rpy_bytes_capitalize(rpy_bytes *b) { return recase(b, RECASE_CAPITALIZE); }
rpy_bytes *rpy_bytes_swapcase(rpy_bytes *b) { return recase(b, RECASE_SWAP); }

bool rpy_bytes_istitle(rpy_bytes *b) {
    bool cased = false, prev_cased = false;
    for (Signed i = 0; i < b->length; i++) {
        unsigned char c = (unsigned char)b->data[i];
        if (byte_upper(c)) {
            if (prev_cased) return false;
            prev_cased = cased = true;
        } else if (byte_lower(c)) {
            if (!prev_cased) return false;
            prev_cased = cased = true;
        } else {
            prev_cased = false;
        }
    }
    return cased;
}

bool rpy_bytes_isascii(rpy_bytes *b) {
    for (Signed i = 0; i < b->length; i++)
        if ((unsigned char)b->data[i] >= 0x80) return false;
    return true;
}

rpy_bytes *rpy_bytes_pad(rpy_bytes *b, Signed width, rpy_bytes *fill, Signed which) {
    static const char *const names[] = {"center", "ljust", "rjust"};
    if (fill && fill->length != 1) {
        raise_fmt(RPY_EXC_TypeError, "%s() argument 2 must be a byte string of length 1, not bytes", names[which]);
        return NULL;
    }
    Signed n = b->length;
    if (width <= n) return b;
    if (!check_size(width)) return NULL;
    Signed marg = width - n;
    Signed left = which == 0 ? marg / 2 + (marg & width & 1) : which == 1 ? 0 : marg;
    char c = fill ? fill->data[0] : ' ';
    RPY_ROOT_PUSH(b);
    rpy_bytes *r = rpy_bytes_alloc(width);
    RPY_ROOT_POP(b);
    memset(r->data, c, (size_t)left);
    memcpy(r->data + left, b->data, (size_t)n);
    memset(r->data + left + n, c, (size_t)(marg - left));
    return r;
}

rpy_bytes *rpy_bytes_zfill(rpy_bytes *b, Signed width) {
    Signed n = b->length;
    if (width <= n) return b;
    if (!check_size(width)) return NULL;
    Signed fill = width - n;
    RPY_ROOT_PUSH(b);
    rpy_bytes *r = rpy_bytes_alloc(width);
    RPY_ROOT_POP(b);
    memset(r->data, '0', (size_t)fill);
    memcpy(r->data + fill, b->data, (size_t)n);
    if (n > 0 && (b->data[0] == '+' || b->data[0] == '-')) {
        r->data[0] = b->data[0];
        r->data[fill] = '0';
    }
    return r;
}

rpy_list *rpy_bytes_partition(rpy_bytes *b, rpy_bytes *sep, bool from_right) {
    if (sep->length == 0) { rpy_raise_simple(RPY_EXC_ValueError, "empty separator"); return NULL; }
    Signed f = rpy_bytes_find(b, sep, 0, INT64_MAX, from_right);
    RPY_ROOT_PUSH(b);
    RPY_ROOT_PUSH(sep);
    rpy_list *l = rpy_list_new(3, true);
    RPY_ROOT_PUSH(l);
    if (f < 0) {
        /* (b, b"", b"") or, from the right, (b"", b"", b) */
        l->items->items[from_right ? 2 : 0] = P2U(b);
        rpy_bytes *e = rpy_bytes_alloc(0);
        l->items->items[1] = P2U(e);
        l->items->items[from_right ? 0 : 2] = P2U(e);
    } else {
        rpy_bytes *x = sub(b, 0, f);
        l->items->items[0] = P2U(x);
        l->items->items[1] = P2U(sep);
        rpy_bytes *y = sub(b, f + sep->length, b->length);
        l->items->items[2] = P2U(y);
    }
    RPY_ROOT_POP(l);
    RPY_ROOT_POP(sep);
    RPY_ROOT_POP(b);
    return l;
}

/* Lines end at \n, \r or \r\n. */
rpy_list *rpy_bytes_splitlines(rpy_bytes *b, bool keepends) {
    RPY_ROOT_PUSH(b);
    rpy_list *l = rpy_list_new(0, true);
    RPY_ROOT_PUSH(l);
    Signed n = b->length, i = 0;
    while (i < n) {
        Signed j = i;
        while (i < n && b->data[i] != '\n' && b->data[i] != '\r') i++;
        Signed eol = i;
        if (i < n) {
            i += b->data[i] == '\r' && i + 1 < n && b->data[i + 1] == '\n' ? 2 : 1;
            if (keepends) eol = i;
        }
        rpy_bytes *line = sub(b, j, eol);
        RPY_ROOT_PUSH(line);
        rpy_list_append(l, P2U(line));
        RPY_ROOT_POP(line);
    }
    RPY_ROOT_POP(l);
    RPY_ROOT_POP(b);
    return l;
}

rpy_bytes *rpy_bytes_expandtabs(rpy_bytes *b, Signed tabsize) {
    const char *d = b->data;
    Signed n = b->length, col = 0, size = 0;
    for (Signed i = 0; i < n; i++) {
        if (d[i] == '\t') {
            if (tabsize > 0) {
                Signed incr = tabsize - col % tabsize;
                col += incr;
                size += incr;
            }
        } else {
            col = d[i] == '\n' || d[i] == '\r' ? 0 : col + 1;
            size++;
        }
        if (!check_size(size)) return NULL;
    }
    RPY_ROOT_PUSH(b);
    rpy_bytes *r = rpy_bytes_alloc(size);
    RPY_ROOT_POP(b);
    char *out = r->data;
    d = b->data;
    col = 0;
    for (Signed i = 0; i < n; i++) {
        if (d[i] == '\t') {
            if (tabsize > 0) {
                Signed incr = tabsize - col % tabsize;
                memset(out, ' ', (size_t)incr);
                out += incr;
                col += incr;
            }
        } else {
            *out++ = d[i];
            col = d[i] == '\n' || d[i] == '\r' ? 0 : col + 1;
        }
    }
    return r;
}

rpy_bytes *rpy_bytes_removeprefix(rpy_bytes *b, rpy_bytes *p) {
    if (p->length == 0 || p->length > b->length || memcmp(b->data, p->data, (size_t)p->length) != 0) return b;
    return sub(b, p->length, b->length);
}

rpy_bytes *rpy_bytes_removesuffix(rpy_bytes *b, rpy_bytes *p) {
    Signed k = b->length - p->length;
    if (p->length == 0 || k < 0 || memcmp(b->data + k, p->data, (size_t)p->length) != 0) return b;
    return sub(b, 0, k);
}

rpy_bytes *rpy_bytes_maketrans(rpy_bytes *from, rpy_bytes *to) {
    if (from->length != to->length) { rpy_raise_simple(RPY_EXC_ValueError, "maketrans arguments must have same length"); return NULL; }
    RPY_ROOT_PUSH(from);
    RPY_ROOT_PUSH(to);
    rpy_bytes *r = rpy_bytes_alloc(256);
    RPY_ROOT_POP(to);
    RPY_ROOT_POP(from);
    for (int c = 0; c < 256; c++) r->data[c] = (char)c;
    for (Signed i = 0; i < from->length; i++) r->data[(unsigned char)from->data[i]] = to->data[i];
    return r;
}

rpy_bytes *rpy_bytes_translate(rpy_bytes *b, rpy_bytes *table, rpy_bytes *del) {
    if (table && table->length != 256) {
        rpy_raise_simple(RPY_EXC_ValueError, "translation table must be 256 characters long");
        return NULL;
    }
    bool drop[256] = {false};
    if (del)
        for (Signed i = 0; i < del->length; i++) drop[(unsigned char)del->data[i]] = true;
    Signed size = 0;
    for (Signed i = 0; i < b->length; i++) size += !drop[(unsigned char)b->data[i]];
    RPY_ROOT_PUSH(b);
    RPY_ROOT_PUSH(table);
    rpy_bytes *r = rpy_bytes_alloc(size);
    RPY_ROOT_POP(table);
    RPY_ROOT_POP(b);
    char *out = r->data;
    for (Signed i = 0; i < b->length; i++) {
        unsigned char c = (unsigned char)b->data[i];
        if (!drop[c]) *out++ = table ? table->data[c] : (char)c;
    }
    return r;
}

Signed rpy_bytes_ord(rpy_bytes *b) {
    if (b->length != 1) {
        raise_fmt(RPY_EXC_TypeError, "ord() expected a character, but string of length %lld found", (long long)b->length);
        return 0;
    }
    return (unsigned char)b->data[0];
}

/* As int() of the ASCII text, but a ValueError shows the bytes ("... with base 10: b'x'"). */
Signed rpy_bytes_to_int(rpy_bytes *b, Signed base) {
    static const char invalid[] = "invalid literal for int() with base";
    RPY_ROOT_PUSH(b);
    if (rpy_bytes_isascii(b)) {
        rpy_str *s = rpy_str_from_ascii(b->data, b->length);
        Signed r = rpy_str_to_int(s, base);
        if (!rpy_exc_occurred()) { RPY_ROOT_POP(b); return r; }
        rpy_exc_base *e = (rpy_exc_base *)rpy_exc_fetch();
        if (!e->message || strncmp(e->message->data, invalid, sizeof invalid - 1) != 0) {
            RPY_ROOT_POP(b);
            rpy_raise((rpy_object *)e);
            return 0;
        }
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%s %lld: ", invalid, (long long)base);
    rpy_str *head = rpy_str_from_cstr(buf);
    RPY_ROOT_PUSH(head);
    rpy_str *r = rpy_bytes_repr(b);
    RPY_ROOT_POP(head);
    RPY_ROOT_POP(b);
    rpy_raise_str(RPY_EXC_ValueError, rpy_str_concat(head, r));
    return 0;
}
