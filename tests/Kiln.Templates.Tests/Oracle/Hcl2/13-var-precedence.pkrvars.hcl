from_file = "file"
from_flag = "file"
