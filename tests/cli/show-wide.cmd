show '中文 ｱ x​y'
