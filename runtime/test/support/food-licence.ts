/** A complete, valid application for the food business licence example item (XK00001001). */
export function foodLicenceApplication(fileId: string, overrides: Record<string, unknown> = {}) {
  const file = { fileId, name: 'material.pdf', mediaType: 'application/pdf', size: 100 };
  return {
    itemCode: 'XK00001001',
    regionCode: '449902',
    channel: 'online',
    applicant: {
      kind: 'organisation',
      name: '江屿市云帆餐饮管理有限公司',
      creditCode: '91449902MA5G2X1Y6D',
      legalRepresentative: { name: '王晓明', idNumber: '449902199003154519' },
    },
    formData: {
      organisationName: '江屿市云帆餐饮管理有限公司',
      creditCode: '91449902MA5G2X1Y6D',
      legalRepresentative: '王晓明',
      legalRepresentativeIdNumber: '449902199003154519',
      address: '江屿市滨江区望江路88号',
      contactName: '王晓明',
      contactPhone: '13800138000',
      premisesAddress: '江屿市滨江区望江路88号一楼',
      premisesAreaSquareMetres: 120,
      mainBusiness: 'catering',
      businessItems: ['hot', 'cold'],
      usesVendingMachines: false,
      sellsOnline: false,
      foodSafetyManagerName: '李秀英',
      foodSafetyManagerIdNumber: '449903198511022629',
      foodSafetyManagerPhone: '13900139000',
      staff: [{ name: '张建国', idNumber: '449904196208093157', healthCertificateDate: '2026-03-01' }],
      isAgent: false,
      deliveryMethod: 'electronic',
      declarationAccepted: true,
    },
    materials: [
      { materialId: 'M001', files: [file] },
      { materialId: 'M002', licenceId: '1.2.156.3005.2.111000000001001324001.11449900MB002001XL.20.001.9', consent: true },
      { materialId: 'M003', licenceId: '1.2.156.3005.2.111000000001040103001.11449900MB00321257.1.001.A', consent: true },
      { materialId: 'M004', files: [file] },
      { materialId: 'M005', files: [file] },
      { materialId: 'M006', files: [file] },
      { materialId: 'M007', files: [file] },
    ],
    ...overrides,
  };
}
