show --format '%c\t%U %d %b %utf8 [%utf8bits] %utf16 %utf32 %cat %width %offset %bytes %name %{x}%%' 'A😀'
