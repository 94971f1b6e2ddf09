tabel x
