/* Exceptions: the pending exception, raising from C, the traceback ring, the stack guard,
 * and the report of an exception escaping main. */
#include "rpy.h"
#include <stdio.h>

rpy_object *rpy_exc_value;
rpy_object *rpy_exc_last_raised;   /* a GC root (gc_gen.c) */
char *rpy_stack_limit;
Signed rpy_exit_code;
static struct rpy_vtable *systemexit_vtable;

#define TB_SIZE 128
static Signed tb_ring[TB_SIZE];
static Signed tb_count;

void rpy_raise(rpy_object *exc) {
    if (exc != rpy_exc_last_raised) {   /* a new exception starts a new traceback */
        tb_count = 0;
        rpy_exc_last_raised = exc;
    }
    rpy_exc_value = exc;
}

/* The pending exception where the annotator proved control never arrives without one
 * (after a call that always raises). Arriving without one is a bug in rpy: stop loudly. */
rpy_object *rpy_exc_fetch_dead_end(void) {
    if (!rpy_exc_value) {
        rpy_flush_all();
        fputs("fatal: rpy internal error: reached code the translator proved unreachable; please report this bug\n", stderr);
        _Exit(70);
    }
    return rpy_exc_fetch();
}

void rpy_raise_str(Signed kind, rpy_str *message) {
    rpy_object *e = rpy_make_exception(kind, message);
    if (!e) { fputs("fatal: cannot create an exception\n", stderr); rpy_flush_all(); _Exit(2); }
    rpy_raise(e);
    rpy_exc_last_raised = e;
}

void rpy_raise_simple(Signed kind, const char *message) {
    rpy_str *m = rpy_str_from_cstr(message);
    tb_count = 0;
    rpy_raise_str(kind, m);
}

void rpy_traceback_add(Signed location) {
    tb_ring[tb_count % TB_SIZE] = location;
    tb_count++;
}

void rpy_traceback_clear(void) { tb_count = 0; }

void rpy_stack_overflow(void) {
    char *saved = rpy_stack_limit;
    rpy_stack_limit = 0;   /* the margin below the limit is ours while we raise */
#ifdef RPY_GC_GEN
    void **saved_ss = rpy_ss_limit;
    rpy_ss_limit = (void **)UINTPTR_MAX;   /* and the shadow stack's */
#endif
    rpy_raise_simple(RPY_EXC_RecursionError, "maximum recursion depth exceeded");
    rpy_stack_limit = saved;
#ifdef RPY_GC_GEN
    rpy_ss_limit = saved_ss;
#endif
}

void rpy_sys_exit(Signed code) {
    rpy_exit_code = code;
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)code);
    rpy_raise_simple(RPY_EXC_SystemExit, buf);
    systemexit_vtable = rpy_exc_value->typeptr;
}

static void write_str(rpy_str *s) {
    if (s) rpy_write_stderr(s->data, s->nbytes);
}

int rpy_report_uncaught(rpy_object *exc) {
    rpy_flush_all();
    if (systemexit_vtable && exc->typeptr == systemexit_vtable) return (int)(rpy_exit_code & 0xff);
    char line[512];
    int n;
    rpy_write_stderr("Traceback (most recent call last):\n", 35);
    Signed first = tb_count > TB_SIZE ? tb_count - TB_SIZE : 0;
    if (first > 0) rpy_write_stderr("  ...\n", 6);
    for (Signed i = tb_count - 1; i >= first; i--) {
        const rpy_location *loc = &rpy_locations[tb_ring[i % TB_SIZE]];
        n = snprintf(line, sizeof line, "  File \"%s\", line %d, in %s\n", loc->file, loc->line, loc->function);
        rpy_write_stderr(line, n < (int)sizeof line ? n : (int)sizeof line - 1);
    }
    rpy_str *module = exc->typeptr->module;
    if (module && !(module->nbytes == 8 && memcmp(module->data, "__main__", 8) == 0)) {
        write_str(module);
        rpy_write_stderr(".", 1);
    }
    write_str(exc->typeptr->name);
    rpy_str *msg = ((rpy_exc_base *)exc)->message;
    if (msg && msg->nbytes > 0) {
        rpy_write_stderr(": ", 2);
        write_str(msg);
    }
    rpy_write_stderr("\n", 1);
    return 1;
}

void rpy_check_attr_set(rpy_object *obj, rpy_object *value, rpy_str *attr) {
    if (RPY_LIKELY(value != NULL)) return;
    rpy_str *name = obj->typeptr->name;
    rpy_str *msg = rpy_str_concat(rpy_str_from_cstr("'"), name ? name : rpy_str_from_cstr("object"));
    msg = rpy_str_concat(msg, rpy_str_from_cstr("' object has no attribute '"));
    msg = rpy_str_concat(rpy_str_concat(msg, attr), rpy_str_from_cstr("'"));
    rpy_raise_str(RPY_EXC_AttributeError, msg);
}

void rpy_check_not_none(rpy_object *obj, rpy_str *attr) {
    if (RPY_LIKELY(obj != NULL)) return;
    rpy_str *head = rpy_str_from_cstr("'NoneType' object has no attribute '");
    rpy_str *msg = rpy_str_concat(rpy_str_concat(head, attr), rpy_str_from_cstr("'"));
    rpy_raise_str(RPY_EXC_AttributeError, msg);
}
