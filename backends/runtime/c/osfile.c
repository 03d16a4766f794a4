/* The os and file functions RPy programs may call, math functions with tuple results, and
 * rounding of ints. */
#include "rpy.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

Signed rpy_os_write(Signed fd, rpy_bytes *data) {
    if (fd == 1 || fd == 2) rpy_flush_all();
    ssize_t n = write((int)fd, data->data, (size_t)data->length);
    if (n < 0) { rpy_raise_simple(RPY_EXC_OSError, strerror(errno)); return 0; }
    return n;
}

Signed rpy_os_getpid(void) { return (Signed)getpid(); }

bool rpy_os_path_exists(rpy_str *path) {
    struct stat st;
    return stat(path->data, &st) == 0;
}

rpy_str *rpy_os_path_join(rpy_str *a, rpy_str *b) {
    if (b->nbytes > 0 && b->data[0] == '/') return b;
    if (a->nbytes == 0 || a->data[a->nbytes - 1] == '/') return rpy_str_concat(a, b);
    RPY_ROOT_PUSH(b);
    rpy_str *sep = rpy_str_from_ascii("/", 1);
    rpy_str *r = rpy_str_concat(a, sep);
    RPY_ROOT_POP(b);
    return rpy_str_concat(r, b);
}

rpy_str *rpy_os_environ_get(rpy_str *key, rpy_str *default_or_null) {
    const char *v = getenv(key->data);
    if (!v) return default_or_null;
    return rpy_str_from_cstr(v);
}

/* ------------------------------------------------------------------ files */

rpy_file *rpy_file_open(rpy_str *path, rpy_str *mode) {
    const char *m = mode ? mode->data : "r";
    FILE *f = fopen(path->data, m);
    if (!f) {
        int e = errno;
        char msg[512];
        snprintf(msg, sizeof msg, "[Errno %d] %s: '%.400s'", e, strerror(e), path->data);
        rpy_raise_simple(e == ENOENT ? RPY_EXC_FileNotFoundError : RPY_EXC_OSError, msg);
        return NULL;
    }
    rpy_file *r = rpy_gc_malloc(RPY_TID_FILE, sizeof(rpy_file));
    r->handle = f;
    return r;
}

static bool check_open(rpy_file *f) {
    if (f->handle) return true;
    rpy_raise_simple(RPY_EXC_ValueError, "I/O operation on closed file.");
    return false;
}

/* The rest of the file, or (line) up to and including the next newline, as bytes. */
rpy_bytes *rpy_file_read_bytes(rpy_file *f, bool line) {
    if (!check_open(f)) return NULL;
    FILE *h = (FILE *)f->handle;
    size_t cap = line ? 256 : 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf) { rpy_raise_simple(RPY_EXC_MemoryError, ""); return NULL; }
    for (;;) {
        if (n == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger) { free(buf); rpy_raise_simple(RPY_EXC_MemoryError, ""); return NULL; }
            buf = bigger;
        }
        if (line) {
            int c = fgetc(h);
            if (c == EOF) break;
            buf[n++] = (char)c;
            if (c == '\n') break;
        } else {
            size_t got = fread(buf + n, 1, cap - n, h);
            if (got == 0) break;
            n += got;
        }
    }
    if (ferror(h)) {
        free(buf);
        rpy_raise_simple(RPY_EXC_OSError, strerror(errno));
        return NULL;
    }
    rpy_bytes *b = rpy_bytes_alloc((Signed)n);
    memcpy(b->data, buf, n);
    free(buf);
    return b;
}

Signed rpy_file_write_bytes(rpy_file *f, rpy_bytes *b) {
    if (!check_open(f)) return 0;
    fwrite(b->data, 1, (size_t)b->length, (FILE *)f->handle);
    return b->length;
}

Signed rpy_file_write(rpy_file *f, rpy_str *s) {
    if (!check_open(f)) return 0;
    fwrite(s->data, 1, (size_t)s->nbytes, (FILE *)f->handle);
    return s->length;
}

void rpy_file_close(rpy_file *f) {
    if (f->handle) fclose((FILE *)f->handle);
    f->handle = NULL;
}

/* ------------------------------------------------------------------ math */

/* 0 isnan, 1 isinf, 2 isfinite */
bool rpy_math_pred(Signed which, Float x) {
    switch (which) {
    case 0: return isnan(x);
    case 1: return isinf(x);
    default: return isfinite(x);
    }
}

/* modf: 0 the fractional part, 1 the integer part (signs as Python's). */
Float rpy_math_modf(Float x, Signed which) {
    if (isinf(x)) return which ? x : copysign(0.0, x);
    double ip;
    double fp = modf(x, &ip);
    return which ? ip : fp;
}

Float rpy_math_frexp_mantissa(Float x) {
    int e;
    return frexp(x, &e);
}

Signed rpy_math_frexp_exponent(Float x) {
    int e;
    if (!isfinite(x)) return 0;
    frexp(x, &e);
    return e;
}

Float rpy_math_ldexp(Float x, Signed e) {
    if (e > 100000) e = 100000;
    if (e < -100000) e = -100000;
    Float r = ldexp(x, (int)e);
    if (isinf(r) && isfinite(x)) { rpy_raise_simple(RPY_EXC_OverflowError, "math range error"); return 0.0; }
    return r;
}

/* round(v, n) for an int: halves go to the even multiple. */
Signed rpy_round_int_digits(Signed v, Signed n) {
    if (n >= 0) return v;
    if (n < -18) return 0;
    Signed p = 1;
    for (Signed i = 0; i < -n; i++) p *= 10;
    Signed q = v / p, r = v % p;
    if (r < 0) { r += p; q -= 1; }
    if (2 * r > p || (2 * r == p && (q & 1))) q += 1;
    return q * p;
}

/* pow(a, b, m) */
Signed rpy_int_powmod(Signed a, Signed b, Signed m) {
    if (m == 0) { rpy_raise_simple(RPY_EXC_ValueError, "pow() 3rd argument cannot be 0"); return 0; }
    if (b < 0) { rpy_raise_simple(RPY_EXC_ValueError, "base is not invertible for the given modulus"); return 0; }
    __int128 mod = m < 0 ? -(__int128)m : m;
    __int128 base = a % mod;
    if (base < 0) base += mod;
    __int128 result = 1 % mod;
    while (b) {
        if (b & 1) result = result * base % mod;
        base = base * base % mod;
        b >>= 1;
    }
    Signed r = (Signed)result;
    if (m < 0 && r != 0) r += m;
    return r;
}
