detect
