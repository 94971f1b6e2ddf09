/* cmd.h - the subcommands of unibits, one file each (cli/cmd_*.c). */
#ifndef UB_CMD_H
#define UB_CMD_H

/* Exit statuses (DESIGN.md, "The command line"). */
enum {
	EXIT_OK = 0,    /* success */
	EXIT_DATA = 1,  /* invalid or unmappable sequences in the data */
	EXIT_USAGE = 2, /* bad option, unknown encoding */
	EXIT_IO = 3     /* missing file, unreadable, write failure */
};

struct cmd {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the name */
	const char *usage;                 /* the synopsis line(s) */
	const char *summary;               /* one line for `unibits help` */
};

int cmd_convert(int argc, char **argv);
int cmd_detect(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_encodings(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_fix(int argc, char **argv);
int cmd_lookup(int argc, char **argv);
int cmd_normalize(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_table(int argc, char **argv);
int cmd_validate(int argc, char **argv);

/* The table in main.c, for `help`. */
const struct cmd *cmd_find(const char *name);

/* Print the usage of a command to stderr and return EXIT_USAGE. */
int cmd_usage_error(const char *name);

#endif /* UB_CMD_H */
