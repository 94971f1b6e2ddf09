normalize --form=nfd -
