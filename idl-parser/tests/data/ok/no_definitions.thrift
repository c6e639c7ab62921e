# reference: accepted
