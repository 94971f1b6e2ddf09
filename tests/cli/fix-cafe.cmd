fix
