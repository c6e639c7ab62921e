# reference: accepted
service S {}
