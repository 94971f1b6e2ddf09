explain 😀
