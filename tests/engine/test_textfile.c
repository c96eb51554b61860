/**
 * @file test_textfile.c
 * @brief The reader policy (sim/engine/textfile.h) and the readers that use it (issue #14):
 *        devices and FIFOs refused at once (never spun on or waited for), NUL bytes refused
 *        with file:line, a size bound, long calibration lines read whole, and messages that
 *        escape binary bytes.
 */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/engine/config.h"
#include "sim/engine/ini_doc.h"
#include "sim/engine/textfile.h"
#include "sim/experiments/abc_config.h"
#include "sim/io/observed.h"
#include "tests/support.h"

static char *scratch;

static void setup(void) { scratch = sup_tmpdir(); }

static void teardown(void)
{
    sup_rmtree(scratch);
    free(scratch);
}

TestSuite(textfile, .init = setup, .fini = teardown, .timeout = 60);

static void in_scratch(char *buf, size_t size, const char *name) { snprintf(buf, size, "%s/%s", scratch, name); }

static void write_bytes(const char *path, const char *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    cr_assert_not_null(fp);
    cr_assert_eq(fwrite(data, 1, n, fp), n);
    cr_assert_eq(fclose(fp), 0);
}

static void expect_error(sim_status got, sim_status want, const char *part)
{
    cr_expect_eq(got, want, "status %d, expected %d: %s", got, want, sim_error_message());
    cr_expect(strstr(sim_error_message(), part), "message lacks \"%s\": %s", part, sim_error_message());
    sim_error_clear();
}

Test(textfile, devices_and_fifos_are_refused_at_once)
{
    char *text = NULL;
    expect_error(textfile_read("/dev/zero", "config", &text, NULL), SIM_ERR_IO,
                 "config '/dev/zero' is a character device, not a regular file");
    cr_expect_null(text);
    cfg_doc *doc = NULL;
    expect_error(cfg_doc_load("/dev/zero", &doc), SIM_ERR_IO, "is a character device");
    /* A FIFO with no writer: opening it must not block. */
    char fifo[1024], child[1024];
    in_scratch(fifo, sizeof fifo, "fifo.ini");
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    expect_error(cfg_doc_load(fifo, &doc), SIM_ERR_IO, "is a FIFO, not a regular file");
    /* The same through extends, naming the child's line. */
    in_scratch(child, sizeof child, "child.ini");
    sup_write_file(child, "; a child\nextends = /dev/zero\n");
    expect_error(cfg_doc_load(child, &doc), SIM_ERR_CONFIG, "child.ini:2: extends: parent '/dev/zero' is a character device");
    abc_config *c = NULL;
    expect_error(abc_config_load(fifo, &c), SIM_ERR_IO, "calibration file");
    obs_record *r = NULL;
    expect_error(obs_load(fifo, NULL, NULL, &r), SIM_ERR_IO, "is a FIFO");
    expect_error(textfile_read(scratch, "template", &text, NULL), SIM_ERR_IO, "is a directory");
    cr_expect_null(doc);
}

Test(textfile, nul_bytes_are_refused_with_file_and_line)
{
    char p[1024];
    in_scratch(p, sizeof p, "nul.ini");
    static const char body[] = "[scenario]\ndays = 28\0junk\nwarmup_days = 14\n";
    write_bytes(p, body, sizeof body - 1);
    cfg_doc *doc = NULL;
    expect_error(cfg_doc_load(p, &doc), SIM_ERR_CONFIG, "nul.ini:2: NUL byte in config");
    char *text = NULL;
    size_t n = 0;
    /* Bytes may hold NULs (test support, binary inputs); text may not. */
    cr_assert_eq(textfile_read_bytes(p, "file", &text, &n), SIM_OK);
    cr_expect_eq(n, sizeof body - 1);
    free(text);
    char csv[1024];
    in_scratch(csv, sizeof csv, "daily.csv");
    static const char rows[] = "date,migrants,boats\n2024-01-01,1,1\n2024-01-02,2\0003,1\n";
    write_bytes(csv, rows, sizeof rows - 1);
    obs_record *r = NULL;
    expect_error(obs_load(csv, NULL, NULL, &r), SIM_ERR_CONFIG, "daily.csv:3: NUL byte");
}

Test(textfile, size_is_bounded)
{
    char p[1024];
    in_scratch(p, sizeof p, "huge.ini");
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    cr_assert_geq(fd, 0);
    cr_assert_eq(ftruncate(fd, (off_t)TEXTFILE_MAX_BYTES + 1), 0, "a sparse file one byte over the bound");
    close(fd);
    char *text = NULL;
    expect_error(textfile_read(p, "config", &text, NULL), SIM_ERR_IO, "is larger than");
}

Test(textfile, stream_reads_the_whole_text)
{
    char p[1024];
    in_scratch(p, sizeof p, "lines.txt");
    sup_write_file(p, "one\ntwo\nthree");
    FILE *fp = NULL;
    cr_assert_eq(textfile_fopen(p, "file", &fp), SIM_OK, "%s", sim_error_message());
    char line[16];
    cr_expect_str_eq(fgets(line, sizeof line, fp), "one\n");
    cr_expect_str_eq(fgets(line, sizeof line, fp), "two\n");
    cr_expect_str_eq(fgets(line, sizeof line, fp), "three");
    cr_expect_null(fgets(line, sizeof line, fp));
    cr_expect_eq(fclose(fp), 0);
}

/* Issue #14: before inih was configured, a 250-byte comment was split at 199 bytes and its tail
 * ("particles = 7777") became a setting; now the line is read whole and stays a comment. */
Test(textfile, calibration_long_comment_stays_a_comment)
{
    char p[1024];
    in_scratch(p, sizeof p, "cal.ini");
    char body[2048];
    char pad[251];
    memset(pad, 'c', sizeof pad - 1);
    pad[sizeof pad - 1] = '\0';
    snprintf(body, sizeof body,
             "[calibration]\nscenario = s.ini\ndata_dir = .\n; %s particles = 7777\n[priors]\n"
             "migrants.inflow_per_day = loguniform 80 300\n[statistics]\narrivals.monthly = 1\n",
             pad);
    sup_write_file(p, body);
    abc_config *c = NULL;
    cr_assert_eq(abc_config_load(p, &c), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(c->particles, 160, "comment text became a setting: particles = %d", c->particles);
    abc_config_destroy(&c);
    /* A line over inih's buffer is refused naming it, never split. */
    size_t limit = cfg_inih_configure(), n = limit + 64;
    char *big = malloc(n + 256);
    cr_assert_not_null(big);
    int used = snprintf(big, 256, "[calibration]\n; ");
    memset(big + used, 'x', n);
    snprintf(big + used + n, 64, "\nparticles = 7777\n");
    sup_write_file(p, big);
    free(big);
    expect_error(abc_config_load(p, &c), SIM_ERR_CONFIG, "cal.ini:2: line is longer than");
}

/* Binary garbage in a config reaches the terminal escaped, not raw. */
Test(textfile, messages_escape_binary_bytes)
{
    char p[1024];
    in_scratch(p, sizeof p, "garbage.ini");
    static const char body[] = "[scenario]\n\x01\x1b[2J\xff\xfe = 3\n";
    write_bytes(p, body, sizeof body - 1);
    sup_result r = sup_chansim(scratch, NULL, "config %s", p);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "\\x01\\x1B[2J\\xFF\\xFE"), "not escaped: %s", r.err);
    cr_expect(!strchr(r.err, '\x1b') && !strchr(r.err, '\x01'), "raw control bytes on stderr");
    sup_result_free(&r);
}
