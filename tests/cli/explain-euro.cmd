explain €
