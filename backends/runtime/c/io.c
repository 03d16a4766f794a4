/* Output: stdout is buffered (flushed at exit and before anything goes to stderr, so a
 * terminal shows them in order); stderr is not. */
#include "rpy.h"
#include "format.h"
#include <stdio.h>
#include <unistd.h>
#include <errno.h>

#define OUT_SIZE 65536
static char out_buf[OUT_SIZE];
static Signed out_len;

static void write_all(int fd, const char *data, Signed n) {
    while (n > 0) {
        ssize_t w = write(fd, data, (size_t)n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return;
        }
        data += w;
        n -= w;
    }
}

void rpy_flush_all(void) {
    write_all(1, out_buf, out_len);
    out_len = 0;
}

void rpy_write_stdout(const char *data, Signed n) {
    if (out_len + n > OUT_SIZE) {
        rpy_flush_all();
        if (n > OUT_SIZE / 2) { write_all(1, data, n); return; }
    }
    memcpy(out_buf + out_len, data, (size_t)n);
    out_len += n;
}

void rpy_write_stderr(const char *data, Signed n) {
    rpy_flush_all();
    write_all(2, data, n);
}

static void put(const char *data, Signed n, bool to_stderr) {
    if (to_stderr) rpy_write_stderr(data, n);
    else rpy_write_stdout(data, n);
}

void rpy_print_str(rpy_str *s, bool to_stderr) {
    if (s) put(s->data, s->nbytes, to_stderr);
    else put("None", 4, to_stderr);
}

void rpy_print_int(Signed v, bool to_stderr) {
    char buf[24];
    int i = 24;
    Unsigned u = v < 0 ? 0 - (Unsigned)v : (Unsigned)v;
    do { buf[--i] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) buf[--i] = '-';
    put(buf + i, 24 - i, to_stderr);
}

void rpy_print_char(UniChar c, bool to_stderr) {
    char buf[4];
    int n;
    if (c < 0x80) { buf[0] = (char)c; n = 1; }
    else if (c < 0x800) { buf[0] = (char)(0xc0 | (c >> 6)); buf[1] = (char)(0x80 | (c & 0x3f)); n = 2; }
    else if (c < 0x10000) { buf[0] = (char)(0xe0 | (c >> 12)); buf[1] = (char)(0x80 | ((c >> 6) & 0x3f)); buf[2] = (char)(0x80 | (c & 0x3f)); n = 3; }
    else { buf[0] = (char)(0xf0 | (c >> 18)); buf[1] = (char)(0x80 | ((c >> 12) & 0x3f)); buf[2] = (char)(0x80 | ((c >> 6) & 0x3f)); buf[3] = (char)(0x80 | (c & 0x3f)); n = 4; }
    put(buf, n, to_stderr);
}

void rpy_print_float(Float v, bool to_stderr) {
    char buf[40];
    int n = rpy_format_float_repr(buf, v);
    put(buf, n, to_stderr);
}

void rpy_print_bool(bool v, bool to_stderr) {
    if (v) put("True", 4, to_stderr);
    else put("False", 5, to_stderr);
}
