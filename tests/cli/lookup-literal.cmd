lookup é 😀
