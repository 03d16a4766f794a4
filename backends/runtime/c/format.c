/* rpy runtime: number and text formatting.
 *
 * - repr(float): shortest round-trip digits (correctly rounded snprintf("%.*e") digits checked
 *   with strtod, plus the neighbouring candidates where a shorter string may round-trip even
 *   though the correctly rounded one does not), laid out with Python's repr rules.
 * - format(value, spec): the format-spec mini-language for int, float and str.
 * - fmt % args: printf-style formatting of str.
 * - hex()/oct()/bin().
 *
 * Results are built in a scratch buffer (malloc) and copied into one rpy_str_alloc at the end,
 * so inputs pointing into GC objects are never read after an allocation.
 */
#include "format.h"

#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* ================================================================== scratch buffer */

typedef struct fbuf {
    char *p;
    size_t len, cap;
    bool failed;
    char inl[256];
} fbuf;

static void fb_init(fbuf *b) {
    b->p = b->inl;
    b->len = 0;
    b->cap = sizeof b->inl;
    b->failed = false;
}

static void fb_free(fbuf *b) {
    if (b->p != b->inl) free(b->p);
    b->p = b->inl;
    b->len = 0;
    b->cap = sizeof b->inl;
}

static bool fb_reserve(fbuf *b, size_t extra) {
    if (b->failed) return false;
    if (extra > ((size_t)PTRDIFF_MAX / 2) - b->len) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return true;
    size_t ncap = b->cap * 2;
    if (ncap < need) ncap = need;
    char *np;
    if (b->p == b->inl) {
        np = malloc(ncap);
        if (np) memcpy(np, b->inl, b->len);
    } else {
        np = realloc(b->p, ncap);
    }
    if (!np) {
        b->failed = true;
        return false;
    }
    b->p = np;
    b->cap = ncap;
    return true;
}

static void fb_put(fbuf *b, const char *s, size_t n) {
    if (n == 0 || !fb_reserve(b, n)) return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void fb_putc(fbuf *b, char c) {
    if (!fb_reserve(b, 1)) return;
    b->p[b->len++] = c;
}

static void fb_puts(fbuf *b, const char *s) { fb_put(b, s, strlen(s)); }

/* count copies of the n-byte character s */
static void fb_repeat(fbuf *b, const char *s, size_t n, Signed count) {
    if (count <= 0 || n == 0) return;
    if ((Unsigned)count > ((size_t)PTRDIFF_MAX / 2) / n) {
        b->failed = true;
        return;
    }
    size_t total = (size_t)count * n;
    if (!fb_reserve(b, total)) return;
    char *o = b->p + b->len;
    if (n == 1) {
        memset(o, s[0], total);
    } else {
        for (Signed i = 0; i < count; i++) memcpy(o + (size_t)i * n, s, n);
    }
    b->len += total;
}

static void fb_zeros(fbuf *b, Signed count) { fb_repeat(b, "0", 1, count); }

static Signed count_codepoints(const char *s, size_t n) {
    Signed c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}

/* Copies the scratch buffer into a new rpy_str and frees it. */
static rpy_str *fb_finish(fbuf *b) {
    if (b->failed) {
        fb_free(b);
        rpy_raise_simple(RPY_EXC_MemoryError, "");
        return NULL;
    }
    Signed ncp = count_codepoints(b->p, b->len);
    rpy_str *r = rpy_str_alloc((Signed)b->len, ncp);
    if (r) {
        memcpy(r->data, b->p, b->len);
        r->data[b->len] = '\0';
    }
    fb_free(b);
    return r;
}

/* ================================================================== UTF-8 */

static int u8_seqlen(unsigned char c) {
    if (c < 0x80) return 1;
    if (c >= 0xF0) return 4;
    if (c >= 0xE0) return 3;
    if (c >= 0xC0) return 2;
    return 1;
}

/* Decodes the character at s (avail bytes left); stores its byte length in *len. */
static UniChar u8_decode(const char *s, Signed avail, int *len) {
    const unsigned char *u = (const unsigned char *)s;
    int n = u8_seqlen(u[0]);
    if (n > avail) n = (int)avail;
    for (int k = 1; k < n; k++)
        if ((u[k] & 0xC0) != 0x80) { n = k; break; }
    *len = n;
    switch (n) {
    case 1: return u[0];
    case 2: return ((UniChar)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
    case 3: return ((UniChar)(u[0] & 0x0F) << 12) | ((UniChar)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    default:
        return ((UniChar)(u[0] & 0x07) << 18) | ((UniChar)(u[1] & 0x3F) << 12) |
               ((UniChar)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
    }
}

static int u8_encode(UniChar c, char *o) {
    if (c < 0x80) { o[0] = (char)c; return 1; }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Byte offset of code point `index` (clamped to the end). */
static Signed u8_offset(const char *s, Signed nbytes, Signed index) {
    Signed off = 0;
    while (index > 0 && off < nbytes) {
        off++;
        while (off < nbytes && ((unsigned char)s[off] & 0xC0) == 0x80) off++;
        index--;
    }
    return off;
}

/* ================================================================== errors */

static void raise_fmt(Signed kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void raise_fmt(Signed kind, const char *fmt, ...) {
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        rpy_raise_simple(kind, fmt);
        return;
    }
    if ((size_t)n < sizeof small) {
        rpy_raise_simple(kind, small);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        rpy_raise_simple(kind, small);
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    rpy_raise_simple(kind, big);
    free(big);
}

/* A format code as CPython shows it in spec errors: the character, or \x<hex>. */
static void show_code(char *buf, size_t size, UniChar c) {
    if (c > 32 && c < 128)
        snprintf(buf, size, "%c", (char)c);
    else
        snprintf(buf, size, "\\x%" PRIx32, (uint32_t)c);
}

/* ================================================================== float digits */

/* Exact decimal expansions of doubles have at most 767 significant digits: asking snprintf for
 * more than this never rounds, and every further digit is 0. */
#define MAX_SIG 780

/* Parses snprintf("%.*e") output: digits into d, returns their count; *decpt such that the
 * value is 0.d1d2... * 10**decpt. */
static int parse_e(const char *s, char *d, int *decpt) {
    int n = 0;
    if (*s == '-') s++;
    d[n++] = *s++;
    if (*s == '.') {
        s++;
        while (*s >= '0' && *s <= '9') d[n++] = *s++;
    }
    /* *s == 'e' */
    *decpt = atoi(s + 1) + 1;
    return n;
}

/* The `sig` (>= 1) correctly rounded significant digits of v (finite, >= 0); stores
 * min(sig, MAX_SIG) of them (the others are zeros) in d (MAX_SIG + 1 bytes). */
static int sig_digits(double v, Signed sig, char *d, int *decpt) {
    char buf[MAX_SIG + 40];
    int p = sig > MAX_SIG ? MAX_SIG : (int)sig;
    snprintf(buf, sizeof buf, "%.*e", p - 1, v);
    return parse_e(buf, d, decpt);
}

static const Unsigned pow10_u64[] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
};

/* Tries the p-digit strings nearest to v: the correctly rounded one, then its neighbours on
 * the p-digit grid. On success stores the digits and returns their count, else 0. */
static int try_precision(double v, int p, char *d, int *decpt) {
    char buf[48];
    snprintf(buf, sizeof buf, "%.*e", p - 1, v);
    int n = parse_e(buf, d, decpt);
    if (strtod(buf, NULL) == v) return n;
    Unsigned mant = 0;
    for (int i = 0; i < n; i++) mant = mant * 10 + (Unsigned)(d[i] - '0');
    int e10 = *decpt - p;  /* v ~ mant * 10**e10 */
    for (int dir = 1; dir >= -1; dir -= 2) {
        Unsigned m = mant;
        int e = e10;
        if (dir > 0) {
            m++;
            if (m == pow10_u64[p]) { m = pow10_u64[p - 1]; e++; }
        } else {
            m--;
            if (m < pow10_u64[p - 1]) { m = pow10_u64[p] - 1; e--; }
        }
        snprintf(buf, sizeof buf, "%" PRIu64 "e%d", m, e);
        if (strtod(buf, NULL) == v) {
            for (int i = p - 1; i >= 0; i--) { d[i] = (char)('0' + m % 10); m /= 10; }
            *decpt = e + p;
            return p;
        }
    }
    return 0;
}

/* Shortest digits that read back as v (finite, > 0), CPython repr's choice. d: >= 20 bytes. */
static int shortest_digits(double v, char *d, int *decpt) {
    int n = 0;
    if (v >= DBL_MIN) {
        /* Any string of <= 15 digits that round-trips is the correctly rounded 15-digit one
         * without its trailing zeros (a normal double's half-ulp is < half the spacing of
         * 15-digit decimals). */
        char buf[48];
        snprintf(buf, sizeof buf, "%.14e", v);
        if (strtod(buf, NULL) == v) {
            n = parse_e(buf, d, decpt);
        } else {
            n = try_precision(v, 16, d, decpt);
            if (!n) n = try_precision(v, 17, d, decpt);
        }
    } else {
        for (int p = 1; p <= 17 && !n; p++) n = try_precision(v, p, d, decpt);
    }
    while (n > 1 && d[n - 1] == '0') n--;
    return n;
}

/* Puts digits [from, to) of the digit string d (n stored digits, zeros after them). */
static void put_digits(fbuf *b, const char *d, int n, Signed from, Signed to) {
    if (from >= to) return;
    if (from < n) {
        Signed e = to < n ? to : n;
        fb_put(b, d + from, (size_t)(e - from));
        from = e;
    }
    fb_zeros(b, to - from);
}

/* d.ddde+XX with ndig digits */
static void lay_exp(fbuf *b, const char *d, int n, Signed ndig, int decpt, bool alt, bool upper) {
    put_digits(b, d, n, 0, 1);
    if (ndig > 1 || alt) fb_putc(b, '.');
    put_digits(b, d, n, 1, ndig);
    int e = decpt - 1;
    char eb[16];
    snprintf(eb, sizeof eb, "%c%c%02d", upper ? 'E' : 'e', e < 0 ? '-' : '+', e < 0 ? -e : e);
    fb_puts(b, eb);
}

/* positional notation with ndig digits; `tail` is appended when there is no fraction */
static void lay_fixed(fbuf *b, const char *d, int n, Signed ndig, int decpt, const char *tail) {
    if (decpt <= 0) {
        fb_puts(b, "0.");
        fb_zeros(b, -decpt);
        put_digits(b, d, n, 0, ndig);
    } else if (decpt >= ndig) {
        put_digits(b, d, n, 0, ndig);
        fb_zeros(b, decpt - ndig);
        fb_puts(b, tail);
    } else {
        put_digits(b, d, n, 0, decpt);
        fb_putc(b, '.');
        put_digits(b, d, n, decpt, ndig);
    }
}

/* repr layout of shortest digits (v finite, >= 0) */
static void lay_repr(fbuf *b, double v, bool alt) {
    char d[24];
    int decpt, n;
    if (v == 0) {
        d[0] = '0';
        n = 1;
        decpt = 1;
    } else {
        n = shortest_digits(v, d, &decpt);
    }
    if (decpt <= -4 || decpt > 16)
        lay_exp(b, d, n, n, decpt, alt, false);
    else
        lay_fixed(b, d, n, n, decpt, ".0");
}

int rpy_format_float_repr(char *buf, Float v) {
    if (isnan(v)) { memcpy(buf, "nan", 4); return 3; }
    if (isinf(v)) {
        if (v < 0) { memcpy(buf, "-inf", 5); return 4; }
        memcpy(buf, "inf", 4);
        return 3;
    }
    fbuf b;
    fb_init(&b);
    if (signbit(v)) fb_putc(&b, '-');
    lay_repr(&b, fabs(v), false);
    int n = (int)b.len;
    memcpy(buf, b.p, b.len);
    buf[n] = '\0';
    fb_free(&b);
    return n;
}

rpy_str *rpy_float_repr(Float v) {
    char buf[40];
    int n = rpy_format_float_repr(buf, v);
    rpy_str *r = rpy_str_alloc(n, n);
    if (r) {
        memcpy(r->data, buf, (size_t)n);
        r->data[n] = '\0';
    }
    return r;
}

/* 'f' layout of v (finite, >= 0) with prec decimals */
static void lay_f(fbuf *b, double v, Signed prec, bool alt) {
    /* the exact fraction of a double has at most 1074 digits */
    enum { MAXF = 1100 };
    char buf[330 + MAXF + 8];
    int p = prec > MAXF ? MAXF : (int)prec;
    int n = snprintf(buf, sizeof buf, alt ? "%#.*f" : "%.*f", p, v);
    fb_put(b, buf, (size_t)n);
    fb_zeros(b, prec - p);
}

/* Unsigned text of v (finite, >= 0) for float presentation `type` (0: none). */
static void float_body(fbuf *b, double v, UniChar type, Signed prec, bool alt) {
    char d[MAX_SIG + 1];
    int decpt, n;
    switch (type) {
    case 'e':
    case 'E': {
        Signed p = prec < 0 ? 6 : prec;
        n = sig_digits(v, p + 1, d, &decpt);
        lay_exp(b, d, n, p + 1, decpt, alt, type == 'E');
        break;
    }
    case 'f':
    case 'F':
    case '%':
        lay_f(b, v, prec < 0 ? 6 : prec, alt);
        if (type == '%') fb_putc(b, '%');
        break;
    case 'g':
    case 'G':
    case 'n': {
        Signed p = prec < 0 ? 6 : prec;
        if (p == 0) p = 1;
        n = sig_digits(v, p, d, &decpt);
        Signed ndig = p;
        if (!alt) {
            while (n > 1 && d[n - 1] == '0') n--;
            ndig = n;
        }
        if (decpt <= -4 || decpt > p)
            lay_exp(b, d, n, ndig, decpt, alt, type == 'G');
        else
            lay_fixed(b, d, n, ndig, decpt, alt ? "." : "");
        break;
    }
    default: /* none */
        if (prec < 0) {
            lay_repr(b, v, alt);
        } else {
            Signed p = prec == 0 ? 1 : prec;
            n = sig_digits(v, p, d, &decpt);
            Signed ndig = p;
            if (!alt) {
                while (n > 1 && d[n - 1] == '0') n--;
                ndig = n;
            }
            if (decpt <= -4 || decpt > p - 1)
                lay_exp(b, d, n, ndig, decpt, alt, false);
            else
                lay_fixed(b, d, n, ndig, decpt, ".0");
        }
        break;
    }
}

/* ================================================================== format specs */

typedef struct spec_t {
    const char *fill;   /* UTF-8 of the fill character */
    int fill_len;
    bool fill_given;
    char align;         /* 0 (default), '<', '>', '=', '^' */
    char sign;          /* 0, '+', '-', ' ' */
    bool z, alt;
    Signed width;       /* -1: none */
    char group;         /* 0, ',', '_' */
    Signed precision;   /* -1: none */
    UniChar type;       /* the type character, else the default: 'd', 0 (none), 's' */
} spec_t;

enum { K_INT, K_FLOAT, K_STR };
static const char *const kind_names[] = { "int", "float", "str" };

static bool is_align(char c) { return c == '<' || c == '>' || c == '=' || c == '^'; }

/* Reads decimal digits at *pos; *out = -1 when there are none. */
static bool parse_number(const char *s, Signed len, Signed *pos, Signed *out) {
    Signed v = -1;
    while (*pos < len && s[*pos] >= '0' && s[*pos] <= '9') {
        int dg = s[*pos] - '0';
        if (v < 0) v = 0;
        if (v > (INT64_MAX - dg) / 10) {
            rpy_raise_simple(RPY_EXC_ValueError, "Too many decimal digits in format string");
            return false;
        }
        v = v * 10 + dg;
        (*pos)++;
    }
    *out = v;
    return true;
}

static bool parse_spec(const char *s, Signed len, int kind, spec_t *sp) {
    Signed pos = 0;
    sp->fill = " ";
    sp->fill_len = 1;
    sp->fill_given = false;
    sp->align = 0;
    sp->sign = 0;
    sp->z = sp->alt = false;
    sp->width = -1;
    sp->group = 0;
    sp->precision = -1;
    sp->type = kind == K_INT ? 'd' : kind == K_STR ? 's' : 0; /* the default type */

    if (len > 0) {
        int l0;
        u8_decode(s, len, &l0);
        if (l0 < len && is_align(s[l0])) {
            sp->fill = s;
            sp->fill_len = l0;
            sp->fill_given = true;
            sp->align = s[l0];
            pos = l0 + 1;
        } else if (is_align(s[0])) {
            sp->align = s[0];
            pos = 1;
        }
    }
    if (pos < len && (s[pos] == '+' || s[pos] == '-' || s[pos] == ' ')) sp->sign = s[pos++];
    if (pos < len && s[pos] == 'z') { sp->z = true; pos++; }
    if (pos < len && s[pos] == '#') { sp->alt = true; pos++; }
    if (!sp->fill_given && pos < len && s[pos] == '0') {
        sp->fill = "0";
        sp->fill_len = 1;
        sp->fill_given = true;
        if (!sp->align && kind != K_STR) sp->align = '=';
        pos++;
    }
    if (!parse_number(s, len, &pos, &sp->width)) return false;
    if (pos < len && s[pos] == ',') {
        sp->group = ',';
        pos++;
        if (pos < len && s[pos] == '_') {
            rpy_raise_simple(RPY_EXC_ValueError, "Cannot specify both ',' and '_'.");
            return false;
        }
    } else if (pos < len && s[pos] == '_') {
        sp->group = '_';
        pos++;
        if (pos < len && s[pos] == ',') {
            rpy_raise_simple(RPY_EXC_ValueError, "Cannot specify both ',' and '_'.");
            return false;
        }
    }
    if (pos < len && s[pos] == '.') {
        pos++;
        if (!parse_number(s, len, &pos, &sp->precision)) return false;
        if (sp->precision < 0) {
            rpy_raise_simple(RPY_EXC_ValueError, "Format specifier missing precision");
            return false;
        }
    }
    if (pos < len) {
        int l;
        UniChar c = u8_decode(s + pos, len - pos, &l);
        if (pos + l < len) {
            raise_fmt(RPY_EXC_ValueError, "Invalid format specifier '%.*s' for object of type '%s'",
                      (int)len, s, kind_names[kind]);
            return false;
        }
        sp->type = c;
    }
    if (sp->group) {
        UniChar t = sp->type;
        bool ok;
        switch (t) {
        case 0: case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F':
            ok = true;
            break;
        case 'b': case 'o': case 'x': case 'X':
            ok = sp->group == '_';
            break;
        default:
            ok = false;
        }
        if (!ok) {
            char code[16];
            show_code(code, sizeof code, t);
            raise_fmt(RPY_EXC_ValueError, "Cannot specify '%c' with '%s'.", sp->group, code);
            return false;
        }
    }
    return true;
}

static void raise_unknown_code(UniChar t, int kind) {
    char code[16];
    show_code(code, sizeof code, t);
    raise_fmt(RPY_EXC_ValueError, "Unknown format code '%s' for object of type '%s'", code,
              kind_names[kind]);
}

static Signed grouped_len(Signed n, Signed gs) { return n <= 0 ? 0 : n + (n - 1) / gs; }

/* Lays out sign, prefix and body (ASCII number text, or one character for 'c') with
 * grouping of the first int_len digits of body, zero-extension and padding. */
static void emit_number(fbuf *out, const spec_t *sp, char signch, const char *prefix,
                        const char *body, Signed body_len, Signed body_cps, Signed int_len,
                        Signed gs) {
    Signed signlen = signch ? 1 : 0;
    Signed plen = (Signed)strlen(prefix);
    Signed rest_cps = body_cps - int_len;
    Signed nint = int_len;
    bool grouping = sp->group && int_len > 0;
    char align = sp->align ? sp->align : '>';
    if (grouping && align == '=' && sp->fill_len == 1 && sp->fill[0] == '0' && sp->width > 0) {
        Signed target = sp->width - signlen - plen - rest_cps;
        if (target > nint) {
            Signed n0 = target / (gs + 1) * gs - 2;
            if (n0 > nint) nint = n0;
            while (grouped_len(nint, gs) < target) nint++;
        }
    }
    Signed digits_cps = grouping ? grouped_len(nint, gs) : nint;
    Signed content = signlen + plen + digits_cps + rest_cps;
    Signed pad = sp->width > content ? sp->width - content : 0;
    Signed left = 0, mid = 0, right = 0;
    switch (align) {
    case '<': right = pad; break;
    case '^': left = pad / 2; right = pad - left; break;
    case '=': mid = pad; break;
    default: left = pad; break;
    }
    fb_repeat(out, sp->fill, (size_t)sp->fill_len, left);
    if (signch) fb_putc(out, signch);
    fb_put(out, prefix, (size_t)plen);
    fb_repeat(out, sp->fill, (size_t)sp->fill_len, mid);
    if (grouping) {
        Signed extra = nint - int_len;
        for (Signed k = 0; k < nint; k++) {
            if (k > 0 && (nint - k) % gs == 0) fb_putc(out, sp->group);
            fb_putc(out, k < extra ? '0' : body[k - extra]);
        }
    } else {
        fb_put(out, body, (size_t)int_len);
    }
    fb_put(out, body + int_len, (size_t)(body_len - int_len));
    fb_repeat(out, sp->fill, (size_t)sp->fill_len, right);
}

static bool digits_all_zero(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == 'e' || c == 'E') break;
        if (c >= '1' && c <= '9') return false;
    }
    return true;
}

static Signed leading_digits(const char *s, size_t n) {
    Signed k = 0;
    while ((size_t)k < n && s[k] >= '0' && s[k] <= '9') k++;
    return k;
}

/* Formats v with a parsed, validated float presentation type. */
static rpy_str *format_float_parsed(double v, const spec_t *sp) {
    if (sp->precision > INT_MAX) {
        rpy_raise_simple(RPY_EXC_ValueError, "precision too big");
        return NULL;
    }
    UniChar type = sp->type;
    bool upper = type == 'E' || type == 'F' || type == 'G';
    if (type == '%') v *= 100.0;
    bool neg = signbit(v) && !isnan(v);
    double av = fabs(v);
    fbuf body;
    fb_init(&body);
    Signed int_len = 0;
    if (isnan(v) || isinf(v)) {
        fb_puts(&body, isnan(v) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"));
        if (type == '%') fb_putc(&body, '%');
    } else {
        float_body(&body, av, type, sp->precision, sp->alt);
        if (neg && sp->z && digits_all_zero(body.p, body.len)) neg = false;
        int_len = leading_digits(body.p, body.len);
    }
    char signch = neg ? '-' : sp->sign == '+' ? '+' : sp->sign == ' ' ? ' ' : 0;
    fbuf out;
    fb_init(&out);
    if (body.failed) out.failed = true;
    else emit_number(&out, sp, signch, "", body.p, (Signed)body.len, (Signed)body.len, int_len, 3);
    fb_free(&body);
    return fb_finish(&out);
}

static bool is_float_type(UniChar t) {
    switch (t) {
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
        return true;
    default:
        return false;
    }
}

/* digits of u in base (2..16), returns the count; buf >= 65 bytes */
static int udigits(Unsigned u, int base, bool upper, char *buf) {
    const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[72];
    int n = 0;
    do {
        tmp[n++] = dig[u % (Unsigned)base];
        u /= (Unsigned)base;
    } while (u);
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return n;
}

static rpy_str *str_from_ascii_buf(const char *s, Signed n) {
    rpy_str *r = rpy_str_alloc(n, n);
    if (r) {
        memcpy(r->data, s, (size_t)n);
        r->data[n] = '\0';
    }
    return r;
}

static rpy_str *int_decimal(Signed v) {
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%" PRId64, v);
    return str_from_ascii_buf(buf, n);
}

rpy_str *rpy_format_int_spec(Signed v, const char *spec, Signed speclen) {
    if (speclen <= 0) return int_decimal(v);
    spec_t sp;
    if (!parse_spec(spec, speclen, K_INT, &sp)) return NULL;
    UniChar t = sp.type;
    int base;
    switch (t) {
    case 'b': base = 2; break;
    case 'o': base = 8; break;
    case 'x': case 'X': base = 16; break;
    case 'c': case 'd': case 'n': base = 10; break;
    default:
        if (is_float_type(t)) return format_float_parsed((double)v, &sp);
        raise_unknown_code(t, K_INT);
        return NULL;
    }
    if (sp.precision >= 0) {
        rpy_raise_simple(RPY_EXC_ValueError, "Precision not allowed in integer format specifier");
        return NULL;
    }
    if (sp.z) {
        rpy_raise_simple(RPY_EXC_ValueError,
                         "Negative zero coercion (z) not allowed in integer format specifier");
        return NULL;
    }
    fbuf out;
    fb_init(&out);
    if (t == 'c') {
        if (sp.sign) {
            rpy_raise_simple(RPY_EXC_ValueError, "Sign not allowed with integer format specifier 'c'");
            return NULL;
        }
        if (sp.alt) {
            rpy_raise_simple(RPY_EXC_ValueError,
                             "Alternate form (#) not allowed with integer format specifier 'c'");
            return NULL;
        }
        if (v < 0 || v > 0x10FFFF) {
            rpy_raise_simple(RPY_EXC_OverflowError, "%c arg not in range(0x110000)");
            return NULL;
        }
        char ch[4];
        int n = u8_encode((UniChar)v, ch);
        emit_number(&out, &sp, 0, "", ch, n, 1, 0, 3);
        return fb_finish(&out);
    }
    bool neg = v < 0;
    Unsigned u = neg ? (Unsigned)0 - (Unsigned)v : (Unsigned)v;
    char digits[72];
    int n = udigits(u, base, t == 'X', digits);
    const char *prefix = "";
    if (sp.alt) {
        switch (t) {
        case 'b': prefix = "0b"; break;
        case 'o': prefix = "0o"; break;
        case 'x': prefix = "0x"; break;
        case 'X': prefix = "0X"; break;
        default: break;
        }
    }
    char signch = neg ? '-' : sp.sign == '+' ? '+' : sp.sign == ' ' ? ' ' : 0;
    emit_number(&out, &sp, signch, prefix, digits, n, n, n, base == 10 ? 3 : 4);
    return fb_finish(&out);
}

rpy_str *rpy_format_float_spec(Float v, const char *spec, Signed speclen) {
    if (speclen <= 0) return rpy_float_repr(v);
    spec_t sp;
    if (!parse_spec(spec, speclen, K_FLOAT, &sp)) return NULL;
    if (sp.type != 0 && sp.type != 'n' && !is_float_type(sp.type)) {
        raise_unknown_code(sp.type, K_FLOAT);
        return NULL;
    }
    return format_float_parsed(v, &sp);
}

rpy_str *rpy_format_str_spec(const char *utf8, Signed nbytes, Signed ncodepoints,
                             const char *spec, Signed speclen) {
    fbuf out;
    fb_init(&out);
    if (speclen <= 0) {
        fb_put(&out, utf8, (size_t)nbytes);
        return fb_finish(&out);
    }
    spec_t sp;
    if (!parse_spec(spec, speclen, K_STR, &sp)) return NULL;
    UniChar t = sp.type;
    if (t != 's') {
        raise_unknown_code(t, K_STR);
        return NULL;
    }
    if (sp.sign) {
        rpy_raise_simple(RPY_EXC_ValueError, sp.sign == ' '
                                                 ? "Space not allowed in string format specifier"
                                                 : "Sign not allowed in string format specifier");
        return NULL;
    }
    if (sp.z) {
        rpy_raise_simple(RPY_EXC_ValueError,
                         "Negative zero coercion (z) not allowed in string format specifier");
        return NULL;
    }
    if (sp.alt) {
        rpy_raise_simple(RPY_EXC_ValueError,
                         "Alternate form (#) not allowed in string format specifier");
        return NULL;
    }
    if (sp.align == '=') {
        rpy_raise_simple(RPY_EXC_ValueError, "'=' alignment not allowed in string format specifier");
        return NULL;
    }
    Signed len = ncodepoints, nb = nbytes;
    if (sp.precision >= 0 && sp.precision < len) {
        nb = u8_offset(utf8, nbytes, sp.precision);
        len = sp.precision;
    }
    Signed pad = sp.width > len ? sp.width - len : 0;
    Signed left = 0, right = 0;
    switch (sp.align) {
    case '>': left = pad; break;
    case '^': left = pad / 2; right = pad - left; break;
    default: right = pad; break;
    }
    fb_repeat(&out, sp.fill, (size_t)sp.fill_len, left);
    fb_put(&out, utf8, (size_t)nb);
    fb_repeat(&out, sp.fill, (size_t)sp.fill_len, right);
    return fb_finish(&out);
}

rpy_str *rpy_int_to_base(Signed v, int base, bool prefix) {
    char buf[80];
    int n = 0;
    bool neg = v < 0;
    Unsigned u = neg ? (Unsigned)0 - (Unsigned)v : (Unsigned)v;
    if (neg) buf[n++] = '-';
    if (prefix) {
        switch (base) {
        case 2: buf[n++] = '0'; buf[n++] = 'b'; break;
        case 8: buf[n++] = '0'; buf[n++] = 'o'; break;
        case 16: buf[n++] = '0'; buf[n++] = 'x'; break;
        default: break;
        }
    }
    if (base != 2 && base != 8 && base != 16) base = 10;
    n += udigits(u, base, false, buf + n);
    return str_from_ascii_buf(buf, n);
}

rpy_str *rpy_float_to_fixed(Float v, int precision) {
    spec_t sp;
    sp.fill = " ";
    sp.fill_len = 1;
    sp.fill_given = false;
    sp.align = 0;
    sp.sign = 0;
    sp.z = sp.alt = false;
    sp.width = -1;
    sp.group = 0;
    sp.precision = precision < 0 ? 0 : precision;
    sp.type = 'f';
    return format_float_parsed(v, &sp);
}

/* ================================================================== %-formatting */

static const char *arg_type_name(const rpy_fmt_arg *a) {
    return a->kind == RPY_FMT_INT ? "int" : a->kind == RPY_FMT_FLOAT ? "float" : "str";
}

/* Pads `body` (cps code points) to width with spaces, or zeros after the sign/prefix. */
static void pct_emit(fbuf *out, bool ljust, bool zero, Signed width, char signch, const char *prefix,
                     const char *body, Signed body_len, Signed body_cps) {
    Signed plen = (Signed)strlen(prefix);
    Signed content = (signch ? 1 : 0) + plen + body_cps;
    Signed pad = width > content ? width - content : 0;
    if (!ljust && !zero) fb_repeat(out, " ", 1, pad);
    if (signch) fb_putc(out, signch);
    fb_put(out, prefix, (size_t)plen);
    if (!ljust && zero) fb_zeros(out, pad);
    fb_put(out, body, (size_t)body_len);
    if (ljust) fb_repeat(out, " ", 1, pad);
}

rpy_str *rpy_format_percent(const char *fmt, Signed n, const rpy_fmt_arg *args, Signed nargs) {
    fbuf out, tmp;
    fb_init(&out);
    fb_init(&tmp);
    Signed ai = 0, i = 0;
    while (i < n) {
        const char *pc = memchr(fmt + i, '%', (size_t)(n - i));
        if (!pc) {
            fb_put(&out, fmt + i, (size_t)(n - i));
            break;
        }
        fb_put(&out, fmt + i, (size_t)(pc - (fmt + i)));
        i = (Signed)(pc - fmt) + 1;
        if (i < n && fmt[i] == '%') {
            fb_putc(&out, '%');
            i++;
            continue;
        }
        if (i < n && fmt[i] == '(') {
            rpy_raise_simple(RPY_EXC_TypeError, "format requires a mapping");
            goto fail;
        }
        bool ljust = false, plus = false, space = false, alt = false, zero = false;
        for (; i < n; i++) {
            char c = fmt[i];
            if (c == '-') ljust = true;
            else if (c == '+') plus = true;
            else if (c == ' ') space = true;
            else if (c == '#') alt = true;
            else if (c == '0') zero = true;
            else break;
        }
        Signed width = -1, prec = -1;
        if (i < n && fmt[i] == '*') {
            i++;
            if (ai >= nargs) {
                rpy_raise_simple(RPY_EXC_TypeError, "not enough arguments for format string");
                goto fail;
            }
            if (args[ai].kind != RPY_FMT_INT) {
                rpy_raise_simple(RPY_EXC_TypeError, "* wants int");
                goto fail;
            }
            width = args[ai++].i;
            if (width < 0) {
                ljust = true;
                width = width == INT64_MIN ? INT64_MAX : -width;
            }
        } else {
            while (i < n && fmt[i] >= '0' && fmt[i] <= '9') {
                int dg = fmt[i] - '0';
                if (width < 0) width = 0;
                if (width > (INT64_MAX - dg) / 10) {
                    rpy_raise_simple(RPY_EXC_ValueError, "width too big");
                    goto fail;
                }
                width = width * 10 + dg;
                i++;
            }
        }
        if (i < n && fmt[i] == '.') {
            i++;
            prec = 0;
            if (i < n && fmt[i] == '*') {
                i++;
                if (ai >= nargs) {
                    rpy_raise_simple(RPY_EXC_TypeError, "not enough arguments for format string");
                    goto fail;
                }
                if (args[ai].kind != RPY_FMT_INT) {
                    rpy_raise_simple(RPY_EXC_TypeError, "* wants int");
                    goto fail;
                }
                prec = args[ai++].i;
                if (prec < 0) prec = 0;
                if (prec > INT_MAX) {
                    rpy_raise_simple(RPY_EXC_ValueError, "precision too big");
                    goto fail;
                }
            } else {
                while (i < n && fmt[i] >= '0' && fmt[i] <= '9') {
                    int dg = fmt[i] - '0';
                    if (prec > (INT_MAX - dg) / 10) {
                        rpy_raise_simple(RPY_EXC_ValueError, "precision too big");
                        goto fail;
                    }
                    prec = prec * 10 + dg;
                    i++;
                }
            }
        }
        while (i < n && (fmt[i] == 'h' || fmt[i] == 'l' || fmt[i] == 'L')) i++;
        if (i >= n) {
            rpy_raise_simple(RPY_EXC_ValueError, "incomplete format");
            goto fail;
        }
        if (ai >= nargs) {
            rpy_raise_simple(RPY_EXC_TypeError, "not enough arguments for format string");
            goto fail;
        }
        const rpy_fmt_arg *a = &args[ai++];
        int clen;
        UniChar c = u8_decode(fmt + i, n - i, &clen);
        Signed conv_at = i;
        i += clen;
        char signch = 0;
        switch (c) {
        case 's':
        case 'r':
        case 'a': {
            const char *s;
            Signed nb, ncp;
            char nbuf[40];
            if (a->kind == RPY_FMT_STR) {
                s = a->s;
                nb = a->s_nbytes;
                ncp = a->s_length;
            } else {
                if (a->kind == RPY_FMT_INT)
                    nb = snprintf(nbuf, sizeof nbuf, "%" PRId64, a->i);
                else
                    nb = rpy_format_float_repr(nbuf, a->f);
                s = nbuf;
                ncp = nb;
            }
            if (prec >= 0 && prec < ncp) {
                nb = u8_offset(s, nb, prec);
                ncp = prec;
            }
            pct_emit(&out, ljust, false, width, 0, "", s, nb, ncp);
            break;
        }
        case 'c': {
            char ch[4];
            const char *s = ch;
            Signed nb;
            if (a->kind == RPY_FMT_INT) {
                if (a->i < 0 || a->i > 0x10FFFF) {
                    rpy_raise_simple(RPY_EXC_OverflowError, "%c arg not in range(0x110000)");
                    goto fail;
                }
                nb = u8_encode((UniChar)a->i, ch);
            } else if (a->kind == RPY_FMT_STR && a->s_length == 1) {
                s = a->s;
                nb = a->s_nbytes;
            } else {
                rpy_raise_simple(RPY_EXC_TypeError, "%c requires int or char");
                goto fail;
            }
            pct_emit(&out, ljust, false, width, 0, "", s, nb, 1);
            break;
        }
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
            bool dec = c == 'd' || c == 'i' || c == 'u';
            char digits[80];
            const char *dp = digits;
            Signed nd;
            bool neg;
            tmp.len = 0;
            if (a->kind == RPY_FMT_INT) {
                neg = a->i < 0;
                Unsigned u = neg ? (Unsigned)0 - (Unsigned)a->i : (Unsigned)a->i;
                nd = udigits(u, c == 'o' ? 8 : dec ? 10 : 16, c == 'X', digits);
            } else if (a->kind == RPY_FMT_FLOAT && dec) {
                if (isnan(a->f)) {
                    rpy_raise_simple(RPY_EXC_ValueError, "cannot convert float NaN to integer");
                    goto fail;
                }
                if (isinf(a->f)) {
                    rpy_raise_simple(RPY_EXC_OverflowError, "cannot convert float infinity to integer");
                    goto fail;
                }
                double t = trunc(a->f);
                neg = t < 0;
                lay_f(&tmp, fabs(t), 0, false);
                dp = tmp.p;
                nd = (Signed)tmp.len;
            } else {
                raise_fmt(RPY_EXC_TypeError, "%%%c format: %s is required, not %s", (char)c,
                          dec ? "a real number" : "an integer", arg_type_name(a));
                goto fail;
            }
            signch = neg ? '-' : plus ? '+' : space ? ' ' : 0;
            const char *prefix = "";
            if (alt && !dec) prefix = c == 'o' ? "0o" : c == 'x' ? "0x" : "0X";
            Signed zpad = prec > nd ? prec - nd : 0;
            if (zpad > 0) {
                fbuf body;
                fb_init(&body);
                fb_zeros(&body, zpad);
                fb_put(&body, dp, (size_t)nd);
                if (body.failed) out.failed = true;
                pct_emit(&out, ljust, zero, width, signch, prefix, body.p, (Signed)body.len,
                         (Signed)body.len);
                fb_free(&body);
            } else {
                pct_emit(&out, ljust, zero, width, signch, prefix, dp, nd, nd);
            }
            break;
        }
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
            double v;
            if (a->kind == RPY_FMT_FLOAT) v = a->f;
            else if (a->kind == RPY_FMT_INT) v = (double)a->i;
            else {
                raise_fmt(RPY_EXC_TypeError, "must be real number, not %s", arg_type_name(a));
                goto fail;
            }
            bool upper = c == 'E' || c == 'F' || c == 'G';
            bool neg = signbit(v) && !isnan(v);
            tmp.len = 0;
            if (isnan(v) || isinf(v))
                fb_puts(&tmp, isnan(v) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"));
            else
                float_body(&tmp, fabs(v), c, prec < 0 ? 6 : prec, alt);
            if (tmp.failed) out.failed = true;
            signch = neg ? '-' : plus ? '+' : space ? ' ' : 0;
            pct_emit(&out, ljust, zero, width, signch, "", tmp.p, (Signed)tmp.len, (Signed)tmp.len);
            break;
        }
        default: {
            char shown[8];
            if (c >= 0x1F && c <= 0x7E) snprintf(shown, sizeof shown, "%c", (char)c);
            else snprintf(shown, sizeof shown, "?");
            raise_fmt(RPY_EXC_ValueError, "unsupported format character '%s' (0x%" PRIx32 ") at index %" PRId64,
                      shown, (uint32_t)c, count_codepoints(fmt, (size_t)conv_at));
            goto fail;
        }
        }
        if (out.failed) break;
    }
    if (ai < nargs && !out.failed) {
        rpy_raise_simple(RPY_EXC_TypeError, "not all arguments converted during string formatting");
        goto fail;
    }
    fb_free(&tmp);
    return fb_finish(&out);
fail:
    fb_free(&tmp);
    fb_free(&out);
    return NULL;
}
