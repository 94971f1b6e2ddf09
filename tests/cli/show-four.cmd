show 'Aé€😀'
