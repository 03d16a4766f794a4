/* The os and file functions RPy programs may call, math functions with tuple results, and
 * rounding of ints. */
#include "rpy.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

Signed rpy_os_write(Signed fd, rpy_bytes *data) {
    if (fd == 1 || fd == 2) rpy_flush_all();
    ssize_t n = write((int)fd, data->data, (size_t)data->length);
    if (n < 0) { rpy_raise_simple(RPY_EXC_OSError, strerror(errno)); return 0; }
    return n;
}

Signed rpy_os_getpid(void) { return (Signed)getpid(); }

/* OSError (or FileNotFoundError ...) for errno e, as CPython words it. */
static void raise_errno(int e, const char *filename) {
    char msg[512];
    if (filename) snprintf(msg, sizeof msg, "[Errno %d] %s: '%.400s'", e, strerror(e), filename);
    else snprintf(msg, sizeof msg, "[Errno %d] %s", e, strerror(e));
    rpy_raise_simple(e == ENOENT ? RPY_EXC_FileNotFoundError : RPY_EXC_OSError, msg);
}

Signed rpy_os_open(rpy_str *path, Signed flags, Signed mode) {
    int fd = open(path->data, (int)flags | O_CLOEXEC, (mode_t)mode);
    if (fd < 0) { raise_errno(errno, path->data); return 0; }
    return fd;
}

rpy_bytes *rpy_os_read(Signed fd, Signed n) {
    if (n < 0) { rpy_raise_simple(RPY_EXC_ValueError, "negative buffersize in read"); return NULL; }
    rpy_bytes *b = rpy_bytes_alloc(n);
    ssize_t got = read((int)fd, b->data, (size_t)n);
    if (got < 0) { raise_errno(errno, NULL); return NULL; }
    if (got == n) return b;
    rpy_bytes *r = rpy_bytes_alloc((Signed)got);   /* b is dropped: nothing else holds it */
    memcpy(r->data, b->data, (size_t)got);
    return r;
}

void rpy_os_close(Signed fd) {
    if (close((int)fd) < 0) raise_errno(errno, NULL);
}

/* The names in a directory (without "." and ".."), in the order the system gives them, as
 * CPython's os.listdir. */
rpy_list *rpy_os_listdir(rpy_str *path) {
    DIR *d = opendir(path->data);
    if (!d) { raise_errno(errno, path->data); return NULL; }
    rpy_list *l = rpy_list_new(0, true);
    RPY_ROOT_PUSH(l);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        rpy_str *name = rpy_str_from_cstr(e->d_name);
        rpy_list_append(l, (uint64_t)(uintptr_t)name);
    }
    RPY_ROOT_POP(l);
    closedir(d);
    return l;
}

void rpy_time_sleep(Float seconds) {
    if (seconds < 0) { rpy_raise_simple(RPY_EXC_ValueError, "sleep length must be non-negative"); return; }
    rpy_flush_all();
    struct timespec ts = { (time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9) };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

/* input([prompt]): one line from stdin without its newline; EOFError at the end. */
rpy_str *rpy_input(rpy_str *prompt) {
    if (prompt) rpy_print_str(prompt, false);
    rpy_flush_all();
    rpy_builder *sb = rpy_sb_new();
    int c;
    bool any = false;
    while ((c = getchar()) != EOF) {
        any = true;
        if (c == '\n') break;
        char ch = (char)c;
        rpy_sb_append_bytes(sb, &ch, 1, ((unsigned char)ch & 0xc0) != 0x80);
    }
    if (!any) { rpy_raise_simple(RPY_EXC_EOFError, "EOF when reading a line"); return NULL; }
    return rpy_sb_build(sb);
}

Signed rpy_math_gcd(Signed a, Signed b) {
    Unsigned x = a < 0 ? (Unsigned)0 - (Unsigned)a : (Unsigned)a;
    Unsigned y = b < 0 ? (Unsigned)0 - (Unsigned)b : (Unsigned)b;
    while (y) { Unsigned t = x % y; x = y; y = t; }
    return (Signed)x;
}

Signed rpy_math_factorial(Signed n) {
    if (n < 0) { rpy_raise_simple(RPY_EXC_ValueError, "factorial() not defined for negative values"); return 0; }
    Signed r = 1;
    for (Signed k = 2; k <= n; k++)
        if (__builtin_mul_overflow(r, k, &r)) { rpy_raise_simple(RPY_EXC_OverflowError, "factorial() result does not fit a 64-bit RPy int"); return 0; }
    return r;
}

bool rpy_math_isclose(Float a, Float b, Float rel_tol, Float abs_tol) {
    if (rel_tol < 0.0 || abs_tol < 0.0) { rpy_raise_simple(RPY_EXC_ValueError, "tolerances must be non-negative"); return false; }
    if (a == b) return true;
    if (isinf(a) || isinf(b)) return false;
    double diff = fabs(b - a);
    return diff <= fabs(rel_tol * b) || diff <= fabs(rel_tol * a) || diff <= abs_tol;
}

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
    __int128 mod = m < 0 ? -(__int128)m : m;
    __int128 base = a % mod;
    if (base < 0) base += mod;
    if (b < 0) {
        /* A negative exponent: the inverse of base modulo mod (extended Euclid), if any. */
        __int128 r0 = mod, r1 = base, t0 = 0, t1 = 1;
        while (r1 != 0) {
            __int128 q = r0 / r1, r2 = r0 - q * r1, t2 = t0 - q * t1;
            r0 = r1; r1 = r2; t0 = t1; t1 = t2;
        }
        if (r0 != 1) { rpy_raise_simple(RPY_EXC_ValueError, "base is not invertible for the given modulus"); return 0; }
        base = t0 % mod;
        if (base < 0) base += mod;
        /* base ** -b; for b = INT64_MIN, -b does not fit: (base ** 2) ** (2 ** 62). */
        if (b == INT64_MIN) { base = base * base % mod; b = (Signed)1 << 62; }
        else b = -b;
    }
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
