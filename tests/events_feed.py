"""Invented articles in the shape of real feeds where alike words hide separate events (issue 16).

Every sentence here was written for these tests. Four abandoned babies in four provinces on four dates,
three police raids on three bars in three places and months: each is its own event, however alike their
words. BABY_NAM_DINH_FOLLOWUP is a direct follow-up of BABY_NAM_DINH (same commune, names the same day):
one event with it.
"""

BABY_NAM_DINH = (
    "Phát hiện bé trai sơ sinh bị bỏ rơi trước cổng chùa ở Hải Hậu\n"
    "Sáng 6/10, người dân xã Hải Phong, huyện Hải Hậu, tỉnh Nam Định phát hiện một bé trai sơ sinh bị bỏ rơi "
    "trước cổng chùa, trong chiếc giỏ nhựa có kèm mảnh giấy ghi ngày sinh. "
    "Cháu bé nặng khoảng 2,8 kg, còn nguyên dây rốn, được người dân đưa đến trạm y tế xã chăm sóc. "
    "Công an xã đang xác minh, tìm người thân của cháu bé.")
BABY_NAM_DINH_FOLLOWUP = (
    "Bé trai bị bỏ rơi trước cổng chùa ở Hải Hậu đã có gia đình nhận nuôi\n"
    "Sau năm ngày được chăm sóc tại trạm y tế xã Hải Phong, huyện Hải Hậu, tỉnh Nam Định, bé trai bị bỏ rơi "
    "trước cổng chùa sáng 6/10 đã được một gia đình trong xã làm thủ tục nhận nuôi. "
    "Trạm y tế cho biết cháu bé khỏe mạnh, tăng thêm 200 gam. "
    "UBND xã Hải Phong đã niêm yết thông báo tìm người thân của cháu trong 30 ngày.")
BABY_PHU_YEN = (
    "Phát hiện bé gái sơ sinh bị bỏ rơi bên đường ở Đông Hòa\n"
    "Chiều 12/3, người dân thị trấn Hòa Hiệp Trung, huyện Đông Hòa, tỉnh Phú Yên phát hiện một bé gái sơ sinh "
    "bị bỏ rơi bên đường, được quấn trong chiếc khăn bông. "
    "Cháu bé nặng khoảng 3 kg, được đưa đến trạm y tế thị trấn chăm sóc. "
    "Công an thị trấn đang xác minh, tìm người thân của cháu bé.")
BABY_QUANG_TRI = (
    "Bé trai sơ sinh bị bỏ rơi trong vườn cao su ở Triệu Phong\n"
    "Sáng 3/4, người dân xã Triệu Thượng, huyện Triệu Phong, tỉnh Quảng Trị phát hiện một bé trai sơ sinh "
    "bị bỏ rơi trong vườn cao su, bên cạnh có một túi quần áo. "
    "Cháu bé nặng khoảng 2,5 kg, được người dân đưa đến trạm y tế xã chăm sóc. "
    "Công an xã đang xác minh, tìm người thân của cháu bé.")
BABY_THANH_HOA = (
    "Phát hiện bé gái sơ sinh bị bỏ rơi trước cửa nhà dân ở Thọ Xuân\n"
    "Rạng sáng 21/8, một người dân ở xã Xuân Lập, huyện Thọ Xuân, tỉnh Thanh Hóa phát hiện bé gái sơ sinh "
    "bị bỏ rơi trước cửa nhà, trong thùng các tông. "
    "Cháu bé nặng khoảng 2,7 kg, được đưa đến trạm y tế xã chăm sóc. "
    "Công an xã đang xác minh, tìm người thân của cháu bé.")

BAR_HA_NOI = (
    "Đột kích quán bar 386 ở Hà Nội, phát hiện hàng chục người dương tính với ma túy\n"
    "Rạng sáng 14/5, Công an quận Hoàn Kiếm, TP Hà Nội kiểm tra quán bar 386 trên phố Hàng Bông, phát hiện "
    "42 người dương tính với ma túy. "
    "Lực lượng chức năng thu giữ nhiều gói ma túy tổng hợp trong nhà vệ sinh của quán. "
    "Công an đang lập hồ sơ xử lý chủ quán và những người liên quan.")
BAR_DA_NANG = (
    "Kiểm tra quán bar 86 ở Đà Nẵng, phát hiện nhiều người dương tính với ma túy\n"
    "Đêm 2/8, Công an quận Hải Châu, TP Đà Nẵng kiểm tra quán bar 86 trên đường Bạch Đằng, phát hiện "
    "27 người dương tính với ma túy. "
    "Lực lượng chức năng thu giữ nhiều gói ma túy tổng hợp trong phòng hát của quán. "
    "Công an đang lập hồ sơ xử lý chủ quán và những người liên quan.")
BAR_GIA_LAI = (
    "Đột kích quán bar ở Pleiku, phát hiện hàng chục người dương tính với ma túy\n"
    "Rạng sáng 19/11, Công an TP Pleiku, tỉnh Gia Lai kiểm tra một quán bar trên đường Trần Hưng Đạo, phát hiện "
    "35 người dương tính với ma túy. "
    "Lực lượng chức năng thu giữ nhiều gói ma túy tổng hợp trong nhà vệ sinh của quán. "
    "Công an đang lập hồ sơ xử lý chủ quán và những người liên quan.")

SEPARATE = {"baby-nd": [BABY_NAM_DINH, BABY_NAM_DINH_FOLLOWUP], "baby-py": [BABY_PHU_YEN],
            "baby-qt": [BABY_QUANG_TRI], "baby-th": [BABY_THANH_HOA], "bar-hn": [BAR_HA_NOI],
            "bar-dn": [BAR_DA_NANG], "bar-gl": [BAR_GIA_LAI]}
